from mad import mad


def test_mad():
    assert mad([1, 1, 2, 2, 4, 6, 9]) == 1
