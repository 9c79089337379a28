from best_match import best_match


def test_best_match():
    assert best_match("apple", ["banana", "apple tart"]) == "apple tart"
    assert best_match("kiwi", ["banana"]) is None
