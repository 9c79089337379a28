from distance import distance


def nearest(points, q):
    """The point closest to q."""
    if not points:
        raise ValueError("no points")
    return min(points, key=lambda p: distance(p, q))
