from slug_path import slug_path


def test_path():
    assert slug_path(["Blog", "", "My First Post!"]) == "/blog/my-first-post"
