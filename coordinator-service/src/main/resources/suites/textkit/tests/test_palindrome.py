from palindrome import is_palindrome


def test_palindromes():
    assert is_palindrome("A man, a plan, a canal: Panama")
    assert not is_palindrome("palindrome")
