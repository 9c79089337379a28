from fibonacci import fibonacci


def test_first_numbers():
    assert fibonacci(8) == [0, 1, 1, 2, 3, 5, 8, 13]
    assert fibonacci(0) == []
