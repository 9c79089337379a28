from svg_document import svg_document


def test_document():
    doc = svg_document([], 100, 50.5)
    assert doc == '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50.5"><g></g></svg>'
