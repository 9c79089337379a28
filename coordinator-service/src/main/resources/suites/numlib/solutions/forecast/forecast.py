from extrapolate import extrapolate


def forecast(xs, ys, steps):
    """The next `steps` values after the last x."""
    last = max(xs)
    return [extrapolate(xs, ys, last + i) for i in range(1, steps + 1)]
