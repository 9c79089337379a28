import math

from distance import distance


def is_equilateral(a, b, c):
    """True if the triangle abc has three equal sides."""
    sides = [distance(a, b), distance(b, c), distance(c, a)]
    return all(math.isclose(s, sides[0], abs_tol=1e-9) for s in sides)
