from text import word_count


def test_counts_words_case_insensitively():
    assert word_count("The cat and the hat") == {"the": 2, "cat": 1, "and": 1, "hat": 1}


def test_punctuation_separates_words():
    assert word_count("one,two;  two...three!") == {"one": 1, "two": 2, "three": 1}


def test_apostrophes_stay_in_words():
    assert word_count("don't stop, Don't") == {"don't": 2, "stop": 1}


def test_digits_are_word_characters():
    assert word_count("route 66 and 66") == {"route": 1, "66": 2, "and": 1}


def test_empty_text_has_no_words():
    assert word_count("") == {}
