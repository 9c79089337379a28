from search_all import search_all


def report_lines(queries, docs, width):
    """'query -> result' lines, sorted by query."""
    results = search_all(queries, docs, width)
    return ["{} -> {}".format(q, results[q]) for q in sorted(results)]
