import math


def rotate(p, degrees):
    """p rotated about the origin by degrees."""
    a = math.radians(degrees)
    x, y = p
    return (round(x * math.cos(a) - y * math.sin(a), 9), round(x * math.sin(a) + y * math.cos(a), 9))
