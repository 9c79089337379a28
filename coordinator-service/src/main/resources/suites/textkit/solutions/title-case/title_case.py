from tokens import tokens


def title_case(text):
    """The words of text, capitalized, separated by spaces."""
    return " ".join(w.capitalize() for w in tokens(text))
