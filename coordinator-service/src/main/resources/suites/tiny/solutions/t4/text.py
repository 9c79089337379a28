"""Text statistics."""

import re

_WORD = re.compile(r"[A-Za-z0-9']+")


def word_count(text):
    """How often each lower-cased word occurs in text."""
    counts = {}
    for word in _WORD.findall(text):
        word = word.lower()
        counts[word] = counts.get(word, 0) + 1
    return counts
