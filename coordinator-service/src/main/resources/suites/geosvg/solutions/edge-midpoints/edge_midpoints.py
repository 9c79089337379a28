from midpoint import midpoint


def edge_midpoints(points):
    """The midpoints of the closed polygon's edges."""
    n = len(points)
    return [midpoint(points[i], points[(i + 1) % n]) for i in range(n)]
