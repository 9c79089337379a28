from keywords import keywords


def test_keywords_skip_stopwords():
    text = "The cat and the hat. The cat sat."
    assert keywords(text, 2) == ["cat", "hat"]
