def is_palindrome(text):
    """True if text reads the same backwards, ignoring case and punctuation."""
    chars = [c.lower() for c in text if c.isalnum()]
    return chars == chars[::-1]
