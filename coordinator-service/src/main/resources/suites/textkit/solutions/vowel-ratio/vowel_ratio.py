from vowels import vowel_count


def vowel_ratio(text):
    """The share of letters that are vowels."""
    letters = sum(1 for c in text if c.isalpha())
    return vowel_count(text) / letters if letters else 0.0
