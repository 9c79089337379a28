from cumulative import cumulative


def test_running_totals():
    assert cumulative([1, 2, 3]) == [1.0, 3.0, 6.0]
