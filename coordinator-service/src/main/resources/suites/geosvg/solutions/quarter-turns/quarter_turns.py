from rotate import rotate


def quarter_turns(p, k):
    """p turned k times by 90 degrees, as integers."""
    x, y = rotate(p, 90 * (k % 4))
    return round(x), round(y)
