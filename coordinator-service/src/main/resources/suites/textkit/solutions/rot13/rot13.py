from caesar import caesar


def rot13(text):
    """ROT13: its own inverse."""
    return caesar(text, 13)
