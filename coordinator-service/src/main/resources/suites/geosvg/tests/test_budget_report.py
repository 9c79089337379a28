from budget_report import budget_report

TRI = [(0, 0), (1, 0), (0, 1)]


def test_report():
    assert budget_report("t", [TRI, TRI], 1, 10 ** 6) == "kept 2 of 2 shapes"
    assert budget_report("t", [TRI], 1, 10) == "kept 0 of 1 shapes"
