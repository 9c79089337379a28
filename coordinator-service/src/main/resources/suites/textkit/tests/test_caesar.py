from caesar import caesar


def test_shift():
    assert caesar("Hello, World!", 3) == "Khoor, Zruog!"
    assert caesar("abc", -1) == "zab"
