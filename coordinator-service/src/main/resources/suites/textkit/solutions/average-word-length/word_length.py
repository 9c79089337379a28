from tokens import tokens


def average_word_length(text):
    """The mean length of the words of text."""
    words = tokens(text)
    return sum(len(w) for w in words) / len(words) if words else 0.0
