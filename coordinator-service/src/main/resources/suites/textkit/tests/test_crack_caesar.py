from crack_caesar import crack_caesar


def test_crack():
    assert crack_caesar("Khoor, Zruog!", "World") == 3
    assert crack_caesar("abc", "xyz!") is None
