from slugify import slugify


def unique_slug(title, taken):
    """A slug of title that is not in taken."""
    base = slug = slugify(title)
    n = 2
    while slug in taken:
        slug = "{}-{}".format(base, n)
        n += 1
    return slug
