"""A summary of a sample."""

from core import mean
from scale import normalize
from spread import variance


def summary(values):
    """Count, mean, variance and the normalized values."""
    values = list(values)
    return {
        "count": len(values),
        "mean": mean(values),
        "variance": variance(values),
        "normalized": normalize(values),
    }


def format_summary(values):
    """One line: n=<count> mean=<mean> var=<variance>."""
    s = summary(values)
    return "n={} mean={:.2f} var={:.2f}".format(s["count"], s["mean"], s["variance"])
