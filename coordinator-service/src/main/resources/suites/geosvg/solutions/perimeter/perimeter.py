from distance import distance


def perimeter(points):
    """The length of the closed polygon's boundary."""
    n = len(points)
    return sum(distance(points[i], points[(i + 1) % n]) for i in range(n))
