import pytest

from similarity import similarity


def test_similarity():
    assert similarity("red apple", "green apple") == pytest.approx(1 / 3)
    assert similarity("the", "a") == 0.0
