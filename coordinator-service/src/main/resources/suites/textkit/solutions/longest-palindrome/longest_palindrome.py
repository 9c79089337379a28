from palindrome import is_palindrome


def longest_palindrome(words):
    """The longest palindromic word, first one on ties."""
    best = None
    for w in words:
        if is_palindrome(w) and (best is None or len(w) > len(best)):
            best = w
    return best
