from r_squared import r_squared


def fit_quality(xs, ys):
    """'good', 'fair' or 'poor' by the coefficient of determination."""
    r2 = r_squared(xs, ys)
    if r2 >= 0.9:
        return "good"
    return "fair" if r2 >= 0.5 else "poor"
