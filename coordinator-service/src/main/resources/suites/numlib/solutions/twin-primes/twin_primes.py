from primality import is_prime


def twin_primes(limit):
    """Pairs of primes that differ by two, up to limit."""
    return [(p, p + 2) for p in range(2, limit - 1) if is_prime(p) and is_prime(p + 2)]
