import pytest

from shares import shares


def test_shares():
    assert shares([1, 3]) == pytest.approx([0.25, 0.75])


def test_zero_total():
    with pytest.raises(ValueError):
        shares([1, -1])
