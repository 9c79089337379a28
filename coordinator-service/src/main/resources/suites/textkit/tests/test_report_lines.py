from report_lines import report_lines


def test_lines():
    assert report_lines(["pear", "kiwi"], ["pear"], 10) == ["kiwi -> no results", "pear -> 1 of 1: PEAR"]
