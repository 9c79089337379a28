from tokens import tokens


def word_counts(text):
    """How often each word occurs."""
    counts = {}
    for word in tokens(text):
        counts[word] = counts.get(word, 0) + 1
    return counts
