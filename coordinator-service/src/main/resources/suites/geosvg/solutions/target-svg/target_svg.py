from svg_circle import svg_circle


def target_svg(cx, cy, r, rings):
    """Concentric circles, the largest first."""
    return "".join(svg_circle(cx, cy, r * k) for k in range(rings, 0, -1))
