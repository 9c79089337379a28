import math

from classify import classify


def test_kinds():
    octagon = [(math.cos(k * math.pi / 4), math.sin(k * math.pi / 4)) for k in range(8)]
    assert classify([(0, 0), (1, 0), (0, 1)]) == "triangle"
    assert classify(octagon) == "round"
    assert classify([(0, 0), (10, 0), (10, 0.5), (0, 0.5)]) == "thin"
    assert classify([(0, 0), (1, 0), (1, 1), (0, 1)]) == "polygon"
