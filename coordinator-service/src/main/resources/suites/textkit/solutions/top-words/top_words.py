from word_counts import word_counts


def top_words(text, k=None):
    """Words by frequency, most frequent first, ties alphabetical."""
    counts = word_counts(text)
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    return ranked if k is None else ranked[:k]
