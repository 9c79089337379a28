from slugify import slugify


def slug_path(parts):
    """A URL path made of slugs."""
    slugs = [slugify(p) for p in parts]
    return "/" + "/".join(s for s in slugs if s)
