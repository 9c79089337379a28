from tokens import tokens


def test_tokens():
    assert tokens("Don't panic, it's 42!") == ["don't", "panic", "it's", "42"]
