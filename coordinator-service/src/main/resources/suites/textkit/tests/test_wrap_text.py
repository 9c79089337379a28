from wrap_text import wrap_text


def test_wrap():
    assert wrap_text("the quick brown fox jumps", 10) == ["the quick", "brown fox", "jumps"]
    assert wrap_text("", 5) == []
