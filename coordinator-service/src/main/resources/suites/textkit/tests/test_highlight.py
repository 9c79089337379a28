from highlight import highlight


def test_highlight():
    assert highlight("apple", ["an Apple a day"], 50) == "an APPLE a day"
