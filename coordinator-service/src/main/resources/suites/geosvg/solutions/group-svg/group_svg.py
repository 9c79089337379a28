from polygon_svg import polygon_svg


def group_svg(shapes):
    """The shapes as one SVG group."""
    return "<g>" + "".join(polygon_svg(s) for s in shapes) + "</g>"
