from fit_document import fit_document


def test_fits_the_shapes():
    doc = fit_document([[(0, 0), (8, 0), (0, 3)]], 2)
    assert 'width="10" height="5"' in doc
