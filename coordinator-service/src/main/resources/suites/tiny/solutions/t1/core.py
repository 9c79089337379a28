"""Central tendency."""


def mean(values):
    """The arithmetic mean of a non-empty sequence of numbers."""
    values = list(values)
    if not values:
        raise ValueError("mean of an empty sequence")
    return float(sum(values)) / len(values)
