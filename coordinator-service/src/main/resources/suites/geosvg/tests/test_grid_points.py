from grid_points import grid_points


def test_grid():
    assert grid_points(2, 2, 5) == [(0, 0), (5, 0), (0, 5), (5, 5)]
