from word_counts import word_counts


def test_counts():
    assert word_counts("a B a c, b a") == {"a": 3, "b": 2, "c": 1}
