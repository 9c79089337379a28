from svg_document import svg_document


def fit_document(shapes, margin):
    """An SVG document just large enough for the shapes."""
    xs = [x for s in shapes for x, _ in s] or [0]
    ys = [y for s in shapes for _, y in s] or [0]
    return svg_document(shapes, max(xs) + margin, max(ys) + margin)
