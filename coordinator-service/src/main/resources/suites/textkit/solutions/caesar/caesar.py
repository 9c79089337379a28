def caesar(text, shift):
    """text with its letters rotated by shift places."""
    out = []
    for c in text:
        if c.isascii() and c.isalpha():
            base = ord("A") if c.isupper() else ord("a")
            c = chr((ord(c) - base + shift) % 26 + base)
        out.append(c)
    return "".join(out)
