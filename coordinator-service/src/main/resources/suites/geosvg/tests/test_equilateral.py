import math

from equilateral import is_equilateral


def test_equilateral():
    assert is_equilateral((0, 0), (1, 0), (0.5, math.sqrt(3) / 2))
    assert not is_equilateral((0, 0), (1, 0), (0, 1))
