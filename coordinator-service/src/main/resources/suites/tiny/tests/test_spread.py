import pytest

from spread import variance


def test_variance_of_constant_is_zero():
    assert variance([5, 5, 5]) == 0.0


def test_population_variance():
    assert variance([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(4.0)


def test_variance_of_one_value():
    assert variance([3]) == 0.0


def test_variance_of_empty_raises():
    with pytest.raises(ValueError):
        variance([])
