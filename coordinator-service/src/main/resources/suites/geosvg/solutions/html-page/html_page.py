from legend_document import legend_document


def html_page(title, shapes, margin):
    """A minimal HTML page showing the document."""
    return "<!DOCTYPE html><html><body>" + legend_document(title, shapes, margin) + "</body></html>"
