from top_words import top_words


def test_ranking():
    assert top_words("b a b c a b") == ["b", "a", "c"]
    assert top_words("b a b c a b", 2) == ["b", "a"]
