import pytest

from r_squared import r_squared


def test_perfect_fit():
    assert r_squared([0, 1, 2], [1, 3, 5]) == pytest.approx(1.0)


def test_partial_fit():
    assert r_squared([0, 1, 2], [0, 2, 1]) == pytest.approx(0.25)
