from top_words import top_words

STOPWORDS = {"the", "a", "an", "and", "of", "to", "in", "is", "it"}


def keywords(text, k=5):
    """The k most frequent words that are not stopwords."""
    return [w for w in top_words(text) if w not in STOPWORDS][:k]
