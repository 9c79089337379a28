def vowel_count(text):
    """How many vowels text contains."""
    return sum(1 for c in text.lower() if c in "aeiou")
