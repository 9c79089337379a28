from twin_primes import twin_primes


def test_twins():
    assert twin_primes(20) == [(3, 5), (5, 7), (11, 13), (17, 19)]
