import pytest

from correlation import correlation


def test_perfect_and_inverse_correlation():
    assert correlation([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert correlation([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_constant_side_has_no_correlation():
    assert correlation([1, 1, 1], [1, 2, 3]) == 0.0
