import pytest

from word_length import average_word_length


def test_average():
    assert average_word_length("a bb ccc") == pytest.approx(2.0)
    assert average_word_length("...") == 0.0
