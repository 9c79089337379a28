from titled_document import titled_document


def test_title_is_first_and_escaped():
    doc = titled_document("A & <B>", [], 0)
    assert '"0"><title>A &amp; &lt;B&gt;</title><g>' in doc
