def reverse_words(text):
    """The words of text in reverse order."""
    return " ".join(reversed(text.split()))
