import pytest

from core import mean


def test_mean_of_integers():
    assert mean([1, 2, 3, 4]) == 2.5


def test_mean_of_one_value():
    assert mean([7]) == 7.0


def test_mean_returns_float():
    assert isinstance(mean([2, 2]), float)


def test_mean_accepts_any_sequence():
    assert mean((1.5, 2.5)) == 2.0


def test_mean_of_empty_raises():
    with pytest.raises(ValueError):
        mean([])
