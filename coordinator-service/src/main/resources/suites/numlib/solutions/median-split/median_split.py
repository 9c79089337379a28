from median import median


def median_split(xs):
    """The sorted values below and above the median."""
    m = median(xs)
    s = sorted(xs)
    return [x for x in s if x < m], [x for x in s if x > m]
