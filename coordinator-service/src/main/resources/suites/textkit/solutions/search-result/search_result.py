from highlight import highlight
from rank_documents import rank_documents


def search_result(query, docs, width):
    """One line describing the search's outcome."""
    text = highlight(query, docs, width)
    if text is None:
        return "no results"
    return "{} of {}: {}".format(len(rank_documents(query, docs)), len(docs), text)
