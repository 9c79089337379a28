from covariance import covariance
from stdev import stdev


def correlation(xs, ys):
    """Pearson's correlation coefficient; 0.0 if either side is constant."""
    sx, sy = stdev(xs), stdev(ys)
    if sx == 0 or sy == 0:
        return 0.0
    return covariance(xs, ys) / (sx * sy)
