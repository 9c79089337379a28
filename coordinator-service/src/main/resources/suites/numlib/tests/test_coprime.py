from coprime import coprime


def test_coprime():
    assert coprime(8, 15)
    assert not coprime(6, 9)
