from count_palindromes import count_palindromes


def test_count():
    assert count_palindromes(["wow", "Anna", "cat"]) == 2
