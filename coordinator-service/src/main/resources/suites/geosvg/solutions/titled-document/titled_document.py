from fit_document import fit_document


def titled_document(title, shapes, margin):
    """The fitted document with an escaped <title>."""
    doc = fit_document(shapes, margin)
    safe = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    cut = doc.index(">") + 1
    return doc[:cut] + "<title>" + safe + "</title>" + doc[cut:]
