from vowels import vowel_count


def test_vowels():
    assert vowel_count("Programming In Python") == 5
    assert vowel_count("") == 0
