from clamp import clamp


def clamp_all(xs, lo, hi):
    """Every value limited to [lo, hi]."""
    return [clamp(x, lo, hi) for x in xs]
