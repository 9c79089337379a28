package io.troupe.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders a sweep's rows as a fixed-width table; speedup is against the n = 1 row. */
public final class SweepTable {
    static final String HEADER = String.format(Locale.ROOT, "%3s  %-9s  %10s  %7s  %6s  %9s  %10s  %9s  %11s",
            "n", "status", "makespan_s", "speedup", "amdahl", "tokens_in", "tokens_out", "conflicts", "final_tests");

    private SweepTable() {
    }

    public static String render(List<SweepRow> rows) {
        Optional<SweepRow> baseline = rows.stream().filter(r -> r.agents() == 1).findFirst();
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        rows.stream().sorted(Comparator.comparingInt(SweepRow::agents)).forEach(r -> out.append(String.format(
                Locale.ROOT, "%3d  %-9s  %10.2f  %7s  %6.2f  %9d  %10d  %9d  %11s%n",
                r.agents(), r.status(), r.makespanSeconds(),
                baseline.map(b -> String.format(Locale.ROOT, "%.2f", r.speedupOver(b))).orElse("-"),
                r.amdahlBound(), r.inputTokens(), r.outputTokens(), r.writeConflicts(),
                r.testsTotal() == SweepRow.NOT_TESTED ? "-" : r.testsPassed() + "/" + r.testsTotal())));
        return out.toString();
    }
}
