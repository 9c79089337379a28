import pytest

from reduce_fraction import reduce_fraction


def test_reduce():
    assert reduce_fraction(6, 8) == (3, 4)
    assert reduce_fraction(3, -9) == (-1, 3)


def test_zero_denominator():
    with pytest.raises(ZeroDivisionError):
        reduce_fraction(1, 0)
