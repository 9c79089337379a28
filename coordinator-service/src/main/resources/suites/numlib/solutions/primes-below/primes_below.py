from primality import is_prime


def primes_below(n):
    """All primes smaller than n."""
    return [k for k in range(2, n) if is_prime(k)]
