from deviations import deviations
from residuals import residuals


def r_squared(xs, ys):
    """The share of the variance of ys the line explains."""
    total = sum(d * d for d in deviations(ys))
    if total == 0:
        return 1.0
    return 1 - sum(r * r for r in residuals(xs, ys)) / total
