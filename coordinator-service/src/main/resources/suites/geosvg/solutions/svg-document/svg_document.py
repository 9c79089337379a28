from group_svg import group_svg

XMLNS = "http://www.w3.org/2000/svg"


def svg_document(shapes, width, height):
    """A complete SVG document of the shapes."""
    return '<svg xmlns="{}" width="{:g}" height="{:g}">{}</svg>'.format(XMLNS, width, height, group_svg(shapes))
