from fill_color import fill_color


def polygon_svg(points):
    """The polygon as an SVG element, filled by its kind."""
    coords = " ".join("{:g},{:g}".format(x, y) for x, y in points)
    return '<polygon points="{}" fill="{}"/>'.format(coords, fill_color(points))
