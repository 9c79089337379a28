import pytest

from residuals import residuals


def test_residuals():
    assert residuals([0, 1, 2], [0, 2, 1]) == pytest.approx([-0.5, 1.0, -0.5])
