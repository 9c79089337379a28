"""Rescaling."""

from core import mean


def normalize(values):
    """Maps values linearly onto [0, 1]; all zeros when they are all equal."""
    values = list(values)
    if not values:
        return []
    low, high = min(values), max(values)
    if high == low:
        return [0.0 for _ in values]
    return [(v - low) / (high - low) for v in values]


def center(values):
    """The values minus their mean."""
    values = list(values)
    m = mean(values)
    return [v - m for v in values]
