from total import total


def shares(xs):
    """Each value's share of the total."""
    t = total(xs)
    if t == 0:
        raise ValueError("zero total")
    return [x / t for x in xs]
