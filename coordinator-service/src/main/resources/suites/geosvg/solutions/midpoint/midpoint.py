def midpoint(p, q):
    """The point halfway between p and q."""
    return ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
