def point_in_rect(p, x, y, w, h):
    """True if p is inside the rectangle or on its edge."""
    return x <= p[0] <= x + w and y <= p[1] <= y + h
