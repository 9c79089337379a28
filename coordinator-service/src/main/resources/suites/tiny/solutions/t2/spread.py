"""Dispersion."""

from core import mean


def variance(values):
    """The population variance of a non-empty sequence of numbers."""
    values = list(values)
    if not values:
        raise ValueError("variance of an empty sequence")
    m = mean(values)
    return sum((v - m) ** 2 for v in values) / len(values)
