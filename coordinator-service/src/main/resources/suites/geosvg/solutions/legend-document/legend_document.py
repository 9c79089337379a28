from classify import classify
from titled_document import titled_document


def legend_document(title, shapes, margin):
    """The titled document with a legend counting each kind of shape."""
    counts = {}
    for s in shapes:
        counts[classify(s)] = counts.get(classify(s), 0) + 1
    legend = ", ".join("{}: {}".format(k, counts[k]) for k in sorted(counts))
    doc = titled_document(title, shapes, margin)
    return doc[:-len("</svg>")] + '<text x="0" y="10">' + legend + "</text></svg>"
