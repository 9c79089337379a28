from total import total


def cumulative(xs):
    """The running totals of xs."""
    xs = list(xs)
    return [total(xs[:i + 1]) for i in range(len(xs))]
