from rotate import rotate


def regular_polygon(n, r):
    """The corners of a regular n-gon of circumradius r."""
    if n < 3:
        raise ValueError("a polygon needs 3 corners")
    return [rotate((r, 0), 360 * k / n) for k in range(n)]
