from median import median


def mad(xs):
    """The median absolute deviation from the median."""
    m = median(xs)
    return median([abs(x - m) for x in xs])
