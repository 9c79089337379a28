import pytest

from fitted import fitted


def test_fitted_values_lie_on_the_line():
    assert fitted([0, 1, 2], [0, 2, 1]) == pytest.approx([0.5, 1.0, 1.5])
