def svg_circle(cx, cy, r, fill="none"):
    """An SVG circle element."""
    return '<circle cx="{:g}" cy="{:g}" r="{:g}" fill="{}"/>'.format(cx, cy, r, fill)
