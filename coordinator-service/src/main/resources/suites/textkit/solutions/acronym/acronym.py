from tokens import tokens


def acronym(text):
    """The initials of text's words, in upper case."""
    return "".join(w[0] for w in tokens(text)).upper()
