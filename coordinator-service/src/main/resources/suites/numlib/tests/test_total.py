from total import total


def test_total_sums_as_float():
    assert total([1, 2, 3]) == 6.0
    assert isinstance(total([1]), float)


def test_total_of_nothing_is_zero():
    assert total([]) == 0.0
