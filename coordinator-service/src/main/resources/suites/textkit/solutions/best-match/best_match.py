from rank_documents import rank_documents


def best_match(query, docs):
    """The best matching document, or None."""
    ranked = rank_documents(query, docs)
    return docs[ranked[0]] if ranked else None
