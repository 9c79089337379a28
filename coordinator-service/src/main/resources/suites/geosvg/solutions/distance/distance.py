import math


def distance(p, q):
    """The Euclidean distance between points p and q."""
    return math.hypot(q[0] - p[0], q[1] - p[1])
