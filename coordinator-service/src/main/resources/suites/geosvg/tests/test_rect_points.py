import pytest

from rect_points import rect_points


def test_corners():
    assert rect_points(1, 2, 3, 4) == [(1, 2), (4, 2), (4, 6), (1, 6)]


def test_negative_size():
    with pytest.raises(ValueError):
        rect_points(0, 0, -1, 1)
