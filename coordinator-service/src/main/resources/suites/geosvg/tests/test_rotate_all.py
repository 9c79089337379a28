from rotate_all import rotate_all


def test_rotate_all():
    assert rotate_all([(1, 0), (0, 1)], 90) == [(0.0, 1.0), (-1.0, 0.0)]
