def wrap_text(text, width):
    """Lines of at most width characters, filled greedily."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = word if not line else line + " " + word
    return lines + ([line] if line else [])
