import pytest

from distance import distance


def test_distance():
    assert distance((0, 0), (3, 4)) == pytest.approx(5.0)
