from slugify import slugify


def test_slugify():
    assert slugify("  Hello, World! 2024 ") == "hello-world-2024"
