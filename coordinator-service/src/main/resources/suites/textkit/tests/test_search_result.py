from search_result import search_result


def test_result_line():
    docs = ["apple pie", "apple", "pear"]
    assert search_result("apple", docs, 20) == "2 of 3: APPLE"
    assert search_result("kiwi", docs, 20) == "no results"
