from fits_page import fits_page


def test_fits():
    assert fits_page(["pear"], ["pear"], 10, 4, 29)
    assert not fits_page(["pear"], ["pear"], 10, 3, 80)
