from report_size import report_size


def test_size():
    assert report_size(["pear"], ["pear"], 10) == (4, 29)
