from primality import is_prime


def prime_factors(n):
    """The prime factorization of n, smallest first."""
    factors, p = [], 2
    while n > 1:
        if is_prime(p) and n % p == 0:
            factors.append(p)
            n //= p
        else:
            p += 1
    return factors
