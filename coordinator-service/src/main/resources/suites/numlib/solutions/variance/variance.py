from covariance import covariance


def variance(xs):
    """The population variance."""
    xs = list(xs)
    return covariance(xs, xs)
