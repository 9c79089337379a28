import math

import pytest

from compactness import area, compactness


def test_area_and_compactness_of_a_square():
    square = [(0, 0), (2, 0), (2, 2), (0, 2)]
    assert area(square) == pytest.approx(4.0)
    assert compactness(square) == pytest.approx(math.pi / 4)
