import math

from variance import variance


def stdev(xs):
    """The population standard deviation."""
    return math.sqrt(variance(xs))
