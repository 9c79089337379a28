from square_points import square_points


def test_square():
    assert square_points(0, 0, 2) == [(0, 0), (2, 0), (2, 2), (0, 2)]
