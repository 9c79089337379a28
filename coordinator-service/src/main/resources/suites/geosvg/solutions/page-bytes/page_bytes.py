from html_page import html_page


def page_bytes(title, shapes, margin):
    """The page's size in UTF-8 bytes."""
    return len(html_page(title, shapes, margin).encode("utf-8"))
