from acronym import acronym


def test_acronym():
    assert acronym("portable network graphics") == "PNG"
