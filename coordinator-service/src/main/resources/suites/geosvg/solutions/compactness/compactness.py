import math

from perimeter import perimeter


def area(points):
    """The polygon's area by the shoelace formula."""
    n = len(points)
    s = sum(points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1] for i in range(n))
    return abs(s) / 2


def compactness(points):
    """4*pi*area/perimeter^2: 1 for a circle, smaller for thinner shapes."""
    p = perimeter(points)
    return 4 * math.pi * area(points) / (p * p) if p else 0.0
