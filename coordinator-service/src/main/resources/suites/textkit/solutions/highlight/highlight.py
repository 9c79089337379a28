import re

from snippet import snippet
from tokens import tokens


def highlight(query, docs, width):
    """The snippet with the query's words in upper case."""
    text = snippet(query, docs, width)
    if text is None:
        return None
    for word in tokens(query):
        text = re.sub(r"\b%s\b" % re.escape(word), word.upper(), text, flags=re.IGNORECASE)
    return text
