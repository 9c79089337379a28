import re


def tokens(text):
    """The lower-cased words of text."""
    return re.findall(r"[a-z0-9']+", text.lower())
