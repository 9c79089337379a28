def translate(points, dx, dy):
    """The points moved by (dx, dy)."""
    return [(x + dx, y + dy) for x, y in points]
