from compactness import compactness


def classify(points):
    """A rough kind for a polygon."""
    if len(points) == 3:
        return "triangle"
    c = compactness(points)
    if c >= 0.85:
        return "round"
    return "thin" if c < 0.3 else "polygon"
