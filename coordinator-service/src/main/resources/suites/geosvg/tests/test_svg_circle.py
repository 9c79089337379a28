from svg_circle import svg_circle


def test_circle():
    assert svg_circle(1, 2.5, 3) == '<circle cx="1" cy="2.5" r="3" fill="none"/>'
