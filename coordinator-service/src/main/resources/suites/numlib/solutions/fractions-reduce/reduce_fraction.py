from euclid import gcd


def reduce_fraction(n, d):
    """n/d in lowest terms, denominator positive."""
    if d == 0:
        raise ZeroDivisionError("zero denominator")
    g = gcd(n, d)
    sign = -1 if d < 0 else 1
    return sign * n // g, sign * d // g
