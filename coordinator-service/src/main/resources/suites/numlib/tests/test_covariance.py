import pytest

from covariance import covariance


def test_covariance():
    assert covariance([1, 2, 3], [2, 4, 6]) == pytest.approx(4 / 3)


def test_lengths_must_match():
    with pytest.raises(ValueError):
        covariance([1, 2], [1])
