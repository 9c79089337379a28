from rect_points import rect_points


def square_points(x, y, side):
    """The corners of a square."""
    return rect_points(x, y, side, side)
