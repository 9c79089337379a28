package io.troupe.metrics.experiments;

import java.util.List;

/** Mean, sample standard deviation and standard error of a cell's repetitions. */
public record Stats(int count, double mean, double sd, double se) {

    public static Stats of(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sd = n < 2 ? 0.0
                : Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (n - 1));
        return new Stats(n, mean, sd, sd / Math.sqrt(n));
    }
}
