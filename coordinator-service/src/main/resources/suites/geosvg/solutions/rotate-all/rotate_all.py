from rotate import rotate


def rotate_all(points, degrees):
    """Every point rotated about the origin."""
    return [rotate(p, degrees) for p in points]
