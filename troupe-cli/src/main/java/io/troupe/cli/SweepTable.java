package io.troupe.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Renders a sweep's runs as a fixed-width table, one row per run. Speedup and token multiplier
 * are against the mean of the n = 1 runs of the same suite and architecture; the straggler gap is
 * the run's (see the metrics service), "-" where no two agents' turns overlapped.
 */
public final class SweepTable {
    static final String HEADER = String.format(Locale.ROOT,
            "%-12s  %-13s  %3s  %-9s  %10s  %7s  %6s  %9s  %10s  %6s  %9s  %11s  %11s", "suite", "architecture",
            "n", "status", "makespan_s", "speedup", "amdahl", "tokens_in", "tokens_out", "tok_x", "conflicts",
            "straggler_s", "final_tests");

    private SweepTable() {
    }

    public static String render(List<SweepRow> rows) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        rows.stream()
                .sorted(Comparator.comparing(SweepRow::suite).thenComparing(SweepRow::architecture)
                        .thenComparingInt(SweepRow::agents))
                .forEach(r -> {
                    OptionalDouble base = baseline(rows, r, SweepRow::makespanSeconds);
                    OptionalDouble baseTokens = baseline(rows, r, row -> (double) row.tokens());
                    out.append(String.format(Locale.ROOT,
                            "%-12s  %-13s  %3d  %-9s  %10.2f  %7s  %6.2f  %9d  %10d  %6s  %9d  %11s  %11s%n",
                            r.suite(), r.architecture(), r.agents(), r.status(), r.makespanSeconds(),
                            base.isPresent() ? fmt(r.speedupOver(base.getAsDouble())) : "-",
                            r.amdahlBound(), r.inputTokens(), r.outputTokens(),
                            baseTokens.isPresent() && baseTokens.getAsDouble() > 0
                                    ? fmt(r.tokens() / baseTokens.getAsDouble()) : "-",
                            r.writeConflicts(),
                            r.stragglerGapSeconds() == null ? "-" : fmt(r.stragglerGapSeconds()),
                            r.testsTotal() == SweepRow.NOT_TESTED ? "-" : r.testsPassed() + "/" + r.testsTotal()));
                });
        return out.toString();
    }

    static OptionalDouble baseline(List<SweepRow> rows, SweepRow of, java.util.function.ToDoubleFunction<SweepRow> f) {
        return rows.stream().filter(r -> r.agents() == 1 && r.sameFamily(of)).mapToDouble(f).average();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
