from palindrome import is_palindrome


def count_palindromes(words):
    """How many of words are palindromes."""
    return sum(1 for w in words if is_palindrome(w))
