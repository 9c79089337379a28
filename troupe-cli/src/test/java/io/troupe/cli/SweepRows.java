package io.troupe.cli;

import io.troupe.protocol.experiment.RunSample;
import java.util.Map;

/**
 * Sweep rows for tests: a 20-task suite with a critical path of 2 (p = 0.9) unless said otherwise, whose chain of
 * task times is 30 % of the makespan.
 */
final class SweepRows {

    private SweepRows() {
    }

    static SweepRow row(String arch, int n, long seed, double makespan, long tokensIn, int passed, int total) {
        return row("numlib-p09", arch, n, seed, makespan, tokensIn, passed, total, null, Map.of());
    }

    static SweepRow row(String suite, String arch, int n, long seed, double makespan, long tokensIn, int passed,
                        int total, Double modelShare, Map<String, Integer> assignments) {
        return new SweepRow(new RunSample("r-" + arch + "-" + n + "-" + seed + "-" + makespan, suite, arch, n,
                "COMPLETED", makespan, 20, 2, 0.9, makespan * n * 0.9, makespan * 0.9, tokensIn, 100, n - 1, 0, 0, 0,
                n == 1 ? null : 0.75, null, modelShare, null, seed, makespan * 0.3), seed, passed, total, assignments);
    }
}
