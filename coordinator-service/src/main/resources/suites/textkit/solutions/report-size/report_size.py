from boxed_report import boxed_report


def report_size(queries, docs, width):
    """(number of lines, widest line) of the boxed report."""
    lines = boxed_report(queries, docs, width).split("\n")
    return len(lines), max(len(line) for line in lines)
