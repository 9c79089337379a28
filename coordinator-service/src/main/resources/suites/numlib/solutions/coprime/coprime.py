from euclid import gcd


def coprime(a, b):
    """True if a and b share no factor but 1."""
    return gcd(a, b) == 1
