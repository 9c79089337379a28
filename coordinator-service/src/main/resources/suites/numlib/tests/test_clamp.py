import pytest

from clamp import clamp


def test_clamp():
    assert [clamp(x, 0, 10) for x in (-5, 5, 15)] == [0, 5, 10]


def test_empty_interval():
    with pytest.raises(ValueError):
        clamp(1, 2, 1)
