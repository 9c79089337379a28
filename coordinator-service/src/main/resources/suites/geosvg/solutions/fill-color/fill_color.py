from classify import classify

COLORS = {"triangle": "tomato", "round": "gold", "thin": "gray", "polygon": "steelblue"}


def fill_color(points):
    """The fill colour for the polygon's kind."""
    return COLORS[classify(points)]
