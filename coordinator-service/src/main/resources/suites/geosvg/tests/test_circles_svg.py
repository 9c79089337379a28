from circles_svg import circles_svg


def test_circles():
    out = circles_svg([(0, 0), (5, 5)], 1).split("\n")
    assert out == ['<circle cx="0" cy="0" r="1" fill="none"/>', '<circle cx="5" cy="5" r="1" fill="none"/>']
