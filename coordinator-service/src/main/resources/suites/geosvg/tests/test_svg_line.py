from svg_line import svg_line


def test_line():
    assert svg_line((0, 0), (1.5, 2)) == '<line x1="0" y1="0" x2="1.5" y2="2" stroke="black"/>'
