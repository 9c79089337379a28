def rect_points(x, y, w, h):
    """The rectangle's corners, clockwise in SVG coordinates."""
    if w < 0 or h < 0:
        raise ValueError("negative size")
    return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
