from primes_below import primes_below


def test_primes_below():
    assert primes_below(12) == [2, 3, 5, 7, 11]
    assert primes_below(2) == []
