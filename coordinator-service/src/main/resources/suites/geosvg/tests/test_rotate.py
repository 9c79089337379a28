from rotate import rotate


def test_quarter_turn():
    assert rotate((1, 0), 90) == (0.0, 1.0)
    assert rotate((1, 2), 180) == (-1.0, -2.0)
