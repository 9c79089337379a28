from group_svg import group_svg


def test_group():
    tri = [(0, 0), (1, 0), (0, 1)]
    assert group_svg([tri, tri]).count("<polygon") == 2
    assert group_svg([]) == "<g></g>"
