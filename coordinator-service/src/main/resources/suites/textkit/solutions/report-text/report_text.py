from report_lines import report_lines


def report_text(queries, docs, width):
    """The report: a header line, then one line per query."""
    lines = report_lines(queries, docs, width)
    return "\n".join(["Search report ({} queries)".format(len(lines))] + lines)
