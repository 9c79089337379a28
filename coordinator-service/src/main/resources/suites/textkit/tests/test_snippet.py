from snippet import snippet


def test_snippet():
    docs = ["an apple a day keeps the doctor away"]
    assert snippet("apple", docs, 8) == "an apple..."
    assert snippet("apple", docs, 100) == docs[0]
    assert snippet("pear", docs, 8) is None
