def total(xs):
    """The sum of xs as a float."""
    result = 0.0
    for x in xs:
        result += x
    return result
