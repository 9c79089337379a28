from within_budget import within_budget


def fit_to_budget(title, shapes, margin, budget):
    """The most leading shapes whose page fits the budget."""
    kept = list(shapes)
    while kept and not within_budget(title, kept, margin, budget):
        kept.pop()
    return kept
