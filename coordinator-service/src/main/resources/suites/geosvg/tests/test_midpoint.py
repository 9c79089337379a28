from midpoint import midpoint


def test_midpoint():
    assert midpoint((0, 0), (4, -2)) == (2.0, -1.0)
