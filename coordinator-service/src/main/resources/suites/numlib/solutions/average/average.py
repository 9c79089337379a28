from total import total


def mean(xs):
    """The arithmetic mean of a non-empty sequence."""
    xs = list(xs)
    if not xs:
        raise ValueError("mean of an empty sequence")
    return total(xs) / len(xs)
