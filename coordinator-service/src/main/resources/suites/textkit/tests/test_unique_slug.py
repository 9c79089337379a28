from unique_slug import unique_slug


def test_unique():
    assert unique_slug("Hello World", set()) == "hello-world"
    assert unique_slug("Hello World", {"hello-world", "hello-world-2"}) == "hello-world-3"
