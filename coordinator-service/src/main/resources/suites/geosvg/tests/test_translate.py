from translate import translate


def test_translate():
    assert translate([(0, 0), (1, 2)], 3, -1) == [(3, -1), (4, 1)]
