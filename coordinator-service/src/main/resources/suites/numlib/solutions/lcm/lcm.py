from euclid import gcd


def lcm(a, b):
    """The least common multiple."""
    if a == 0 or b == 0:
        return 0
    return abs(a * b) // gcd(a, b)
