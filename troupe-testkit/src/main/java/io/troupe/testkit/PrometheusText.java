package io.troupe.testkit;

/**
 * Reads samples out of a Prometheus text exposition, as a service's {@code /q/metrics} serves it, so
 * that a test can see a meter move.
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The sum of the samples of {@code name} whose label set contains {@code label} (a
     * {@code key="value"} pair; empty for every sample). Comment lines and other meters, including
     * those whose name only begins with {@code name}, are left out.
     */
    public static double sum(String exposition, String name, String label) {
        return exposition.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> label.isEmpty() || labels(line).contains(label))
                .mapToDouble(PrometheusText::value)
                .sum();
    }

    private static String labels(String line) {
        int open = line.indexOf('{');
        return open < 0 ? "" : line.substring(open, line.indexOf('}') + 1);
    }

    /**
     * The value of a sample line {@code name{labels} value [timestamp] [# exemplar]}: the exemplar,
     * which OpenTelemetry adds with its own labels, value and timestamp, is not the sample's.
     */
    private static double value(String line) {
        String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
        String afterName = sample.contains("{") ? sample.substring(sample.indexOf('}') + 1) : sample.split(" ", 2)[1];
        return Double.parseDouble(afterName.trim().split("\\s+")[0]);
    }
}
