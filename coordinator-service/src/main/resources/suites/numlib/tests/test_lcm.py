from lcm import lcm


def test_lcm():
    assert lcm(4, 6) == 12
    assert lcm(0, 5) == 0
