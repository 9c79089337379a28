import pytest

from nearest import nearest


def test_nearest():
    assert nearest([(5, 5), (1, 1), (-1, -1)], (0, 0)) == (1, 1)


def test_no_points():
    with pytest.raises(ValueError):
        nearest([], (0, 0))
