def clamp(x, lo, hi):
    """x limited to the interval [lo, hi]."""
    if lo > hi:
        raise ValueError("empty interval")
    return max(lo, min(x, hi))
