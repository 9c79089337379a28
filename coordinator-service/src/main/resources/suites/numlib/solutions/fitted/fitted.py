from linear_fit import linear_fit


def fitted(xs, ys):
    """The fitted line's value at each x."""
    slope, intercept = linear_fit(xs, ys)
    return [slope * x + intercept for x in xs]
