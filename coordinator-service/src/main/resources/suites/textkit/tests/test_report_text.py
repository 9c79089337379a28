from report_text import report_text


def test_text():
    assert report_text(["pear"], ["pear"], 10) == "Search report (1 queries)\npear -> 1 of 1: PEAR"
