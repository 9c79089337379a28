from rot13 import rot13


def test_rot13():
    assert rot13("Hello") == "Uryyb"
    assert rot13(rot13("Round trip")) == "Round trip"
