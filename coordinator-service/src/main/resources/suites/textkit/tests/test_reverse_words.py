from reverse_words import reverse_words


def test_reverse():
    assert reverse_words(" one two  three ") == "three two one"
