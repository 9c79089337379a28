import pytest

from deviations import deviations


def test_deviations_sum_to_zero():
    assert deviations([1, 2, 6]) == pytest.approx([-2.0, -1.0, 3.0])
