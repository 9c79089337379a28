from legend_document import legend_document


def test_legend():
    tri = [(0, 0), (1, 0), (0, 1)]
    square = [(0, 0), (1, 0), (1, 1), (0, 1)]
    doc = legend_document("t", [tri, square, tri], 1)
    assert doc.endswith('<text x="0" y="10">polygon: 1, triangle: 2</text></svg>')
