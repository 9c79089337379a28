from html_page import html_page
from page_bytes import page_bytes


def test_counts_bytes_not_characters():
    assert page_bytes("é", [], 0) == len(html_page("e", [], 0)) + 1
