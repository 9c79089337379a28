from median_split import median_split


def test_split():
    assert median_split([5, 1, 3, 2, 4]) == ([1, 2], [4, 5])
