def bounding_box(points):
    """(min_x, min_y, max_x, max_y) of the points."""
    if not points:
        raise ValueError("no points")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)
