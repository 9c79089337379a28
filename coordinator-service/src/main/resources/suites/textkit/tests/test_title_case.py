from title_case import title_case


def test_title():
    assert title_case("the  QUICK, brown fox") == "The Quick Brown Fox"
