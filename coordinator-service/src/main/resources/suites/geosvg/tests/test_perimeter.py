import pytest

from perimeter import perimeter


def test_square():
    assert perimeter([(0, 0), (2, 0), (2, 2), (0, 2)]) == pytest.approx(8.0)
