from report_size import report_size


def fits_page(queries, docs, width, rows, cols):
    """True if the boxed report fits rows x cols."""
    lines, columns = report_size(queries, docs, width)
    return lines <= rows and columns <= cols
