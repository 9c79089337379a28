from char_histogram import char_histogram


def test_histogram():
    h = char_histogram("Banana!")
    assert h == {"a": 3, "b": 1, "n": 2}
    assert list(h) == ["a", "b", "n"]
