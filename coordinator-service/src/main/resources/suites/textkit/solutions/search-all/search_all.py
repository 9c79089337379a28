from search_result import search_result


def search_all(queries, docs, width):
    """Each query's result line."""
    return {q: search_result(q, docs, width) for q in queries}
