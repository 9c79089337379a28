import pytest

from linear_fit import linear_fit


def test_fits_a_line():
    slope, intercept = linear_fit([0, 1, 2, 3], [1, 3, 5, 7])
    assert slope == pytest.approx(2.0)
    assert intercept == pytest.approx(1.0)


def test_constant_xs_are_an_error():
    with pytest.raises(ValueError):
        linear_fit([1, 1], [1, 2])
