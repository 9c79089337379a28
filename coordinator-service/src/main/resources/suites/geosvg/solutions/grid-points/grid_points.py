def grid_points(cols, rows, step):
    """A cols x rows grid of points, row by row."""
    return [(c * step, r * step) for r in range(rows) for c in range(cols)]
