from polygon_svg import polygon_svg


def test_element():
    assert polygon_svg([(0, 0), (1.5, 0), (0, 2)]) == '<polygon points="0,0 1.5,0 0,2" fill="tomato"/>'
