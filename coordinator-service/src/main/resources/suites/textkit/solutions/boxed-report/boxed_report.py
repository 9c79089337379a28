from report_text import report_text


def boxed_report(queries, docs, width):
    """The report inside an ASCII box."""
    lines = report_text(queries, docs, width).split("\n")
    inner = max(len(line) for line in lines)
    edge = "+" + "-" * (inner + 2) + "+"
    return "\n".join([edge] + ["| " + line.ljust(inner) + " |" for line in lines] + [edge])
