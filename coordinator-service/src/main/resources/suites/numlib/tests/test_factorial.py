import pytest

from factorial import factorial


def test_factorial():
    assert [factorial(n) for n in range(6)] == [1, 1, 2, 6, 24, 120]


def test_negative():
    with pytest.raises(ValueError):
        factorial(-1)
