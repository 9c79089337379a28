import pytest

from forecast import forecast


def test_forecast_continues_the_line():
    assert forecast([0, 1, 2], [1, 3, 5], 3) == pytest.approx([7.0, 9.0, 11.0])
