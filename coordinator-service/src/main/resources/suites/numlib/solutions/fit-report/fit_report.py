from fit_quality import fit_quality
from linear_fit import linear_fit
from r_squared import r_squared


def fit_report(xs, ys):
    """The fitted line, its r2 and its quality on one line."""
    slope, intercept = linear_fit(xs, ys)
    return "y = {:.2f}x + {:.2f} (r2={:.2f}, {})".format(
        slope, intercept, r_squared(xs, ys), fit_quality(xs, ys))
