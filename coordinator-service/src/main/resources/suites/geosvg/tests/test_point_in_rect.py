from point_in_rect import point_in_rect


def test_inside_edge_outside():
    assert point_in_rect((1, 1), 0, 0, 2, 2)
    assert point_in_rect((2, 0), 0, 0, 2, 2)
    assert not point_in_rect((3, 1), 0, 0, 2, 2)
