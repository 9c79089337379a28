from quarter_turns import quarter_turns


def test_turns():
    assert quarter_turns((2, 1), 1) == (-1, 2)
    assert quarter_turns((2, 1), 4) == (2, 1)
    assert quarter_turns((2, 1), -1) == (1, -2)
