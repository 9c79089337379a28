package io.troupe.protocol.experiment;

import java.util.Collection;
import java.util.List;

/**
 * The spread of a cell's repetitions: median and quartiles (linear interpolation between the
 * sorted values, as numpy's default and R's type 7: with three values the quartiles are the
 * midpoints of the lower and upper pairs), extremes and mean.
 */
public record Spread(int count, double median, double q1, double q3, double min, double max, double mean) {

    /** The spread of {@code values}; null when there are none. */
    public static Spread of(Collection<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new Spread(sorted.size(), quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75),
                sorted.getFirst(), sorted.getLast(), mean);
    }

    /** The median of {@code values}; null when there are none. */
    public static Double median(Collection<Double> values) {
        Spread s = of(values);
        return s == null ? null : s.median();
    }

    /** The interquartile range, {@code q3 - q1}. */
    public double iqr() {
        return q3 - q1;
    }

    private static double quantile(List<Double> sorted, double q) {
        double position = q * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.size() - 1);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
    }
}
