from clamp_all import clamp_all


def test_clamp_all():
    assert clamp_all([-1, 3, 9], 0, 5) == [0, 3, 5]
