import pytest

from extrapolate import extrapolate


def test_extrapolates_a_good_fit():
    assert extrapolate([0, 1, 2], [1, 3, 5], 10) == pytest.approx(21.0)


def test_refuses_a_poor_fit():
    with pytest.raises(ValueError):
        extrapolate([0, 1, 2], [0, 2, 1], 5)
