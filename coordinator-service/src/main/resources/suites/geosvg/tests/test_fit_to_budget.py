from fit_to_budget import fit_to_budget
from page_bytes import page_bytes

TRI = [(0, 0), (1, 0), (0, 1)]


def test_drops_shapes_from_the_end():
    budget = page_bytes("t", [TRI, TRI], 1)
    assert fit_to_budget("t", [TRI, TRI, TRI], 1, budget) == [TRI, TRI]
    assert fit_to_budget("t", [TRI], 1, 10) == []
