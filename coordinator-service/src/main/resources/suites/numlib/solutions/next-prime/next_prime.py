from primality import is_prime


def next_prime(n):
    """The smallest prime larger than n."""
    k = n + 1
    while not is_prime(k):
        k += 1
    return k
