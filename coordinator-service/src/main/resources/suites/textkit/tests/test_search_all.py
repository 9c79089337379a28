from search_all import search_all


def test_all():
    assert search_all(["pear", "kiwi"], ["pear"], 10) == {"pear": "1 of 1: PEAR", "kiwi": "no results"}
