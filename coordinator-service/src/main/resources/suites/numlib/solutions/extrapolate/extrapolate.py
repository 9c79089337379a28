from fit_report import fit_report
from linear_fit import linear_fit


def extrapolate(xs, ys, x):
    """The line's value at x, refused for a poor fit."""
    if fit_report(xs, ys).endswith("poor)"):
        raise ValueError("the fit is too poor to extrapolate")
    slope, intercept = linear_fit(xs, ys)
    return slope * x + intercept
