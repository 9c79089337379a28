def char_histogram(text):
    """Letter counts, case-insensitive, keys sorted."""
    counts = {}
    for c in text.lower():
        if c.isalpha():
            counts[c] = counts.get(c, 0) + 1
    return dict(sorted(counts.items()))
