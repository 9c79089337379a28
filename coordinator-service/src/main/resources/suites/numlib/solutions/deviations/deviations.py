from average import mean


def deviations(xs):
    """Each value minus the mean."""
    xs = list(xs)
    m = mean(xs)
    return [x - m for x in xs]
