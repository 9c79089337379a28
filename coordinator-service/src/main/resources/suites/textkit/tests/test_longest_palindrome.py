from longest_palindrome import longest_palindrome


def test_longest():
    assert longest_palindrome(["noon", "level", "kayak", "abc"]) == "level"
    assert longest_palindrome(["abc"]) is None
