from page_bytes import page_bytes


def within_budget(title, shapes, margin, budget):
    """True if the page fits in budget bytes."""
    return page_bytes(title, shapes, margin) <= budget
