from forecast import forecast


def forecast_table(xs, ys, steps):
    """One '<x>: <value>' line per forecast step."""
    last = max(xs)
    values = forecast(xs, ys, steps)
    return "\n".join("{}: {:.1f}".format(last + i + 1, v) for i, v in enumerate(values))
