import pytest

from report import format_summary, summary


def test_summary_combines_the_statistics():
    s = summary([1, 2, 3])
    assert s["count"] == 3
    assert s["mean"] == pytest.approx(2.0)
    assert s["variance"] == pytest.approx(2 / 3)
    assert s["normalized"] == pytest.approx([0.0, 0.5, 1.0])


def test_format_summary_is_one_line():
    assert format_summary([1, 2, 3]) == "n=3 mean=2.00 var=0.67"
