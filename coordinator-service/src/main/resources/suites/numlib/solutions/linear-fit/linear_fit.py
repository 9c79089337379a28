from average import mean
from correlation import correlation
from stdev import stdev


def linear_fit(xs, ys):
    """(slope, intercept) of the least-squares line through the points."""
    sx = stdev(xs)
    if sx == 0:
        raise ValueError("xs are constant")
    slope = correlation(xs, ys) * stdev(ys) / sx
    return slope, mean(ys) - slope * mean(xs)
