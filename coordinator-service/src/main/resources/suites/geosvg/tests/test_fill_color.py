from fill_color import fill_color


def test_colors():
    assert fill_color([(0, 0), (1, 0), (0, 1)]) == "tomato"
    assert fill_color([(0, 0), (1, 0), (1, 1), (0, 1)]) == "steelblue"
