from fit_quality import fit_quality


def test_quality_levels():
    assert fit_quality([0, 1, 2], [1, 3, 5]) == "good"
    assert fit_quality([0, 1, 2, 3], [0, 2, 1, 3]) == "fair"
    assert fit_quality([0, 1, 2], [0, 2, 1]) == "poor"
