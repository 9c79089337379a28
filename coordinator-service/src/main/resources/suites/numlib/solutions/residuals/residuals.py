from fitted import fitted


def residuals(xs, ys):
    """Each observed y minus its fitted value."""
    return [y - f for y, f in zip(ys, fitted(xs, ys))]
