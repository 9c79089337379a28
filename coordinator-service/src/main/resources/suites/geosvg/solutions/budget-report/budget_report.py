from fit_to_budget import fit_to_budget


def budget_report(title, shapes, margin, budget):
    """How many shapes fit the byte budget."""
    kept = fit_to_budget(title, shapes, margin, budget)
    return "kept {} of {} shapes".format(len(kept), len(shapes))
