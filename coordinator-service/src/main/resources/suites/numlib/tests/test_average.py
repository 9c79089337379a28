import pytest

from average import mean


def test_mean():
    assert mean([1, 2, 3, 4]) == pytest.approx(2.5)


def test_mean_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        mean([])
