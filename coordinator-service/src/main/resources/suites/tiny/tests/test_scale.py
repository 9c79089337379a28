import pytest

from scale import center, normalize


def test_normalize_maps_min_to_zero_and_max_to_one():
    assert normalize([10, 20, 15]) == pytest.approx([0.0, 1.0, 0.5])


def test_normalize_negative_values():
    assert normalize([-1, 1]) == pytest.approx([0.0, 1.0])


def test_normalize_constant_gives_zeros():
    assert normalize([4, 4, 4]) == [0.0, 0.0, 0.0]


def test_normalize_empty_gives_empty():
    assert normalize([]) == []


def test_center_subtracts_the_mean():
    assert center([1, 2, 3]) == pytest.approx([-1.0, 0.0, 1.0])
