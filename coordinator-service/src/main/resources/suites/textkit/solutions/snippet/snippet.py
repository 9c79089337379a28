from best_match import best_match


def snippet(query, docs, width):
    """The best match, shortened to width characters."""
    doc = best_match(query, docs)
    if doc is None or len(doc) <= width:
        return doc
    return doc[:width] + "..."
