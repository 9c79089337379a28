def svg_line(p, q, stroke="black"):
    """An SVG line element from p to q."""
    return '<line x1="{:g}" y1="{:g}" x2="{:g}" y2="{:g}" stroke="{}"/>'.format(p[0], p[1], q[0], q[1], stroke)
