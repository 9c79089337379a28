import pytest

from regular_polygon import regular_polygon


def test_square():
    assert regular_polygon(4, 1) == [(1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (-0.0, -1.0)]


def test_too_few_corners():
    with pytest.raises(ValueError):
        regular_polygon(2, 1)
