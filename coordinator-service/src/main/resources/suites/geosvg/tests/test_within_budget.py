from page_bytes import page_bytes
from within_budget import within_budget


def test_budget_edge():
    size = page_bytes("t", [], 0)
    assert within_budget("t", [], 0, size)
    assert not within_budget("t", [], 0, size - 1)
