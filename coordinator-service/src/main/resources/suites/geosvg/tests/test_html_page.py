from html_page import html_page


def test_page():
    page = html_page("t", [], 1)
    assert page.startswith("<!DOCTYPE html><html><body><svg ")
    assert page.endswith("</svg></body></html>")
