import pytest

from vowel_ratio import vowel_ratio


def test_ratio():
    assert vowel_ratio("aBcD!") == pytest.approx(0.25)
    assert vowel_ratio("123") == 0.0
