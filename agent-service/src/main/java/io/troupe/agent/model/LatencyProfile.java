package io.troupe.agent.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How long a simulated turn takes, before the time scale, slowdowns and stalls apply. Only {@link PerFile}
 * depends on the work of the turn (the files its reply writes); the others ignore it.
 */
public sealed interface LatencyProfile {

    /** One turn's latency in milliseconds, for a turn whose reply writes no file. */
    double sampleMillis(SplittableRandom random);

    /** The latency at quantile {@code p} (0 &lt; p &lt; 1), in milliseconds, for a turn that writes no file. */
    double quantileMillis(double p);

    /** One turn's latency in milliseconds, for a turn whose reply writes {@code filesWritten} files. */
    default double sampleMillis(SplittableRandom random, int filesWritten) {
        return sampleMillis(random);
    }

    /** The latency at quantile {@code p} of turns that write {@code filesWritten} files, in milliseconds. */
    default double quantileMillis(double p, int filesWritten) {
        return quantileMillis(p);
    }

    /** Every turn takes the same time. */
    record Constant(double millis) implements LatencyProfile {
        @Override
        public double sampleMillis(SplittableRandom random) {
            return millis;
        }

        @Override
        public double quantileMillis(double p) {
            return millis;
        }
    }

    /** ln(seconds) is normal with mean {@code mu} and standard deviation {@code sigma}. */
    record LogNormal(double mu, double sigma) implements LatencyProfile {
        @Override
        public double sampleMillis(SplittableRandom random) {
            return 1000 * Math.exp(mu + sigma * gaussian(random));
        }

        @Override
        public double quantileMillis(double p) {
            return 1000 * Math.exp(mu + sigma * Normal.inverse(p));
        }

        // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
        private static double gaussian(SplittableRandom random) {
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
    }

    /**
     * Inverse-transform sampling from measured quantiles: a uniform u is mapped through the
     * quantile function, interpolated linearly in log(latency) between the known points; below
     * the first and above the last it extends the neighbouring segment's slope (so the tails
     * stay bounded and positive).
     *
     * @param probabilities increasing, strictly inside (0, 1)
     * @param seconds       the latency at each probability, increasing
     */
    record Empirical(double[] probabilities, double[] seconds) implements LatencyProfile {
        public Empirical {
            if (probabilities.length < 2 || probabilities.length != seconds.length) {
                throw new IllegalArgumentException("an empirical profile needs at least two quantiles, one latency "
                        + "each");
            }
            probabilities = probabilities.clone();
            seconds = seconds.clone();
        }

        @Override
        public double sampleMillis(SplittableRandom random) {
            return quantileMillis(random.nextDouble());
        }

        @Override
        public double quantileMillis(double p) {
            int n = probabilities.length;
            int i = Arrays.binarySearch(probabilities, p);
            if (i >= 0) {
                return 1000 * seconds[i];
            }
            int upper = Math.min(Math.max(-i - 1, 1), n - 1);
            int lower = upper - 1;
            double slope = (Math.log(seconds[upper]) - Math.log(seconds[lower]))
                    / (probabilities[upper] - probabilities[lower]);
            return 1000 * Math.exp(Math.log(seconds[lower]) + slope * (p - probabilities[lower]));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Empirical e && Arrays.equals(probabilities, e.probabilities)
                    && Arrays.equals(seconds, e.seconds);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(probabilities) + Arrays.hashCode(seconds);
        }

        @Override
        public String toString() {
            return "Empirical" + Arrays.toString(probabilities) + " -> " + Arrays.toString(seconds) + " s";
        }
    }

    /**
     * The latency model fitted to the paper's logs: {@code base + perFile * files + noise} seconds, never below
     * {@code fastestSeconds} (the fastest logged reply). The noise is the least-squares fit's residual, drawn by
     * inverse transform from its measured quantiles: a uniform u is mapped through them, interpolated linearly
     * between the known points and beyond the first and last with the neighbouring segment's slope. One draw
     * takes one uniform, so a turn's draw depends on the random stream and its files only.
     *
     * @param probabilities       increasing, strictly inside (0, 1)
     * @param residualSeconds     the residual at each probability, increasing
     */
    record PerFile(double baseSeconds, double perFileSeconds, double fastestSeconds, double[] probabilities,
                   double[] residualSeconds) implements LatencyProfile {
        public PerFile {
            if (probabilities.length < 2 || probabilities.length != residualSeconds.length) {
                throw new IllegalArgumentException("a per-file profile needs at least two residual quantiles");
            }
            probabilities = probabilities.clone();
            residualSeconds = residualSeconds.clone();
        }

        @Override
        public double sampleMillis(SplittableRandom random) {
            return sampleMillis(random, 0);
        }

        @Override
        public double quantileMillis(double p) {
            return quantileMillis(p, 0);
        }

        @Override
        public double sampleMillis(SplittableRandom random, int filesWritten) {
            return quantileMillis(random.nextDouble(), filesWritten);
        }

        @Override
        public double quantileMillis(double p, int filesWritten) {
            double seconds = baseSeconds + perFileSeconds * Math.max(0, filesWritten) + residual(p);
            return 1000 * Math.max(fastestSeconds, seconds);
        }

        /** The residual at quantile {@code p}. */
        double residual(double p) {
            int n = probabilities.length;
            int i = Arrays.binarySearch(probabilities, p);
            if (i >= 0) {
                return residualSeconds[i];
            }
            int upper = Math.min(Math.max(-i - 1, 1), n - 1);
            int lower = upper - 1;
            double slope = (residualSeconds[upper] - residualSeconds[lower])
                    / (probabilities[upper] - probabilities[lower]);
            return residualSeconds[lower] + slope * (p - probabilities[lower]);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PerFile f && baseSeconds == f.baseSeconds && perFileSeconds == f.perFileSeconds
                    && fastestSeconds == f.fastestSeconds && Arrays.equals(probabilities, f.probabilities)
                    && Arrays.equals(residualSeconds, f.residualSeconds);
        }

        @Override
        public int hashCode() {
            return Objects.hash(baseSeconds, perFileSeconds, fastestSeconds, Arrays.hashCode(probabilities),
                    Arrays.hashCode(residualSeconds));
        }

        @Override
        public String toString() {
            return "PerFile[" + baseSeconds + " s + " + perFileSeconds + " s/file, residual "
                    + Arrays.toString(probabilities) + " -> " + Arrays.toString(residualSeconds) + " s, at least "
                    + fastestSeconds + " s]";
        }
    }

    /** The standard normal quantile function (Acklam's rational approximation, error below 1.2e-9). */
    final class Normal {
        private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                6.680131188771972e+01, -1.328068155288572e+01};
        private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                3.754408661907416e+00};

        private Normal() {
        }

        static double inverse(double p) {
            if (p <= 0 || p >= 1) {
                throw new IllegalArgumentException("probability must be in (0, 1), not " + p);
            }
            double low = 0.02425;
            if (p < low) {
                double q = Math.sqrt(-2 * Math.log(p));
                return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                        / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
            }
            if (p > 1 - low) {
                return -inverse(1 - p);
            }
            double q = p - 0.5;
            double r = q * q;
            return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                    / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        }
    }
}
