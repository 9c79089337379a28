from svg_circle import svg_circle


def circles_svg(centers, r):
    """One circle element per center."""
    return "\n".join(svg_circle(x, y, r) for x, y in centers)
