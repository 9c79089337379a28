from deviations import deviations


def covariance(xs, ys):
    """The population covariance of two equally long sequences."""
    xs, ys = list(xs), list(ys)
    if len(xs) != len(ys):
        raise ValueError("sequences differ in length")
    return sum(a * b for a, b in zip(deviations(xs), deviations(ys))) / len(xs)
