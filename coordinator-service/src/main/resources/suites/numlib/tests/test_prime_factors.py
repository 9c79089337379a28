from prime_factors import prime_factors


def test_factors():
    assert prime_factors(360) == [2, 2, 2, 3, 3, 5]
    assert prime_factors(13) == [13]
