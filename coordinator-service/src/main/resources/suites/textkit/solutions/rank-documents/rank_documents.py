from similarity import similarity


def rank_documents(query, docs):
    """Indexes of the matching documents, best first."""
    scores = [similarity(query, d) for d in docs]
    order = sorted(range(len(docs)), key=lambda i: (-scores[i], i))
    return [i for i in order if scores[i] > 0]
