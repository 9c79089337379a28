from edge_midpoints import edge_midpoints


def test_midpoints():
    assert edge_midpoints([(0, 0), (2, 0), (0, 2)]) == [(1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
