from fit_report import fit_report


def test_report_line():
    assert fit_report([0, 1, 2], [1, 3, 5]) == "y = 2.00x + 1.00 (r2=1.00, good)"
