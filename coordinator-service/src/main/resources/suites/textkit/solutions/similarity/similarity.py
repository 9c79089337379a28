from keywords import keywords


def similarity(a, b):
    """Jaccard index of the two texts' keywords."""
    ka, kb = set(keywords(a, 10)), set(keywords(b, 10))
    if not ka and not kb:
        return 0.0
    return len(ka & kb) / len(ka | kb)
