from target_svg import target_svg


def test_target():
    svg = target_svg(0, 0, 2, 3)
    assert svg.count("<circle") == 3
    assert svg.index('r="6"') < svg.index('r="4"') < svg.index('r="2"')
