package io.troupe.cli;

import io.troupe.protocol.experiment.CellSummaries;
import io.troupe.protocol.experiment.CellSummary;
import io.troupe.protocol.experiment.ExperimentSummary;
import io.troupe.protocol.experiment.RunSample;
import io.troupe.protocol.experiment.Spread;
import io.troupe.protocol.suite.Bounds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a sweep as a fixed-width table, one row per cell (suite, architecture, n) over its
 * repetitions, then the legend and the checks. Every figure comes from {@link CellSummaries} (in
 * {@code troupe-protocol}, the computation the metrics service serves too); this class only prints.
 */
public final class SweepTable {
    /** A run whose critical path spends less of its time in model turns than this is flagged. */
    static final double MIN_MODEL_SHARE = 0.85;
    static final String ABOVE_LIMIT = "ABOVE-LIMIT";

    static final String HEADER = String.format(Locale.ROOT,
            "%-12s  %-13s  %3s  %5s  %-22s  %-18s  %5s  %7s  %6s  %9s  %6s  %9s  %11s  %8s  %11s  %s", "suite",
            "architecture", "n", "runs", "makespan_s [IQR]", "speedup [IQR]", "limit", "limit_t", "amdahl",
            "tokens", "tok_x", "conflicts", "straggler_s", "model_cp", "final_tests", "check");

    static final String LEGEND = """
            Median [first-third quartile] of each cell's completed repetitions; speedup and tok_x against the n = 1 \
            repetition of the same seed (same suite and architecture; the runs of one seed do the same work), tok_x \
            against the median of the n = 1 repetitions.
            limit:   N / max(CP, ceil(N/n)), the task graph's limit if every task took as long as every other.
            limit_t: T1 / max(critical path of the run's task times, T1 / n), T1 the n = 1 makespan of the run's \
            seed: the real limit of the run's task times if it did the n = 1 run's work (median). Uneven tasks may \
            beat limit; a cell's median may not beat limit_t (a run may, by doing less real work than its pair).
            amdahl:  Amdahl's 1 / ((1 - p) + p / n), the paper's prediction, not a limit.
            model_cp: share of the critical path spent in model turns (median; GET /api/runs/{run}/critical-path).
            %s: median speedup more than 5 %% above limit_t: physically impossible, so a defect of the \
            measurement, not a result.
            """.formatted(ABOVE_LIMIT);

    private SweepTable() {
    }

    /** The summary of the sweep's runs, as the metrics service would compute it. */
    public static ExperimentSummary summarize(String experiment, List<SweepRow> rows) {
        return CellSummaries.of(experiment, rows.stream().map(SweepRow::sample).toList());
    }

    public static String render(List<SweepRow> rows) {
        return render(summarize("sweep", rows));
    }

    public static String render(ExperimentSummary summary) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (CellSummary c : summary.cells()) {
            out.append(String.format(Locale.ROOT,
                    "%-12s  %-13s  %3d  %5s  %-22s  %-18s  %5s  %7s  %6s  %9s  %6s  %9s  %11s  %8s  %11s  %s%n",
                    c.suite(), c.architecture(), c.agents(), c.completed() + "/" + c.runs(),
                    spread(c.makespanSeconds(), "%.1f"), spread(c.speedup(), "%.2f"), fmt(c.speedupLimit()),
                    c.taskTimeSpeedupLimit() == null ? "-" : fmt(c.taskTimeSpeedupLimit().median()),
                    fmt(c.amdahlPrediction()), c.tokens() == null ? "-" : String.format(Locale.ROOT, "%.0f",
                            c.tokens().median()), fmt(c.tokenMultiplier()),
                    c.writeConflicts() == null ? "-" : String.format(Locale.ROOT, "%.0f", c.writeConflicts().median()),
                    c.stragglerGapSeconds() == null ? "-" : fmt(c.stragglerGapSeconds().median()),
                    c.criticalPathModelShare() == null ? "-" : percent(c.criticalPathModelShare().median()),
                    c.finalTestsRun() == null ? "-" : c.finalTestsPassed() + "/" + c.finalTestsRun(),
                    c.aboveLimit() ? ABOVE_LIMIT : c.speedup() == null ? "-" : "ok"));
        }
        return out.toString();
    }

    /**
     * The check lines printed after every sweep's table: the cells above the real limit (must be 0), the runs
     * faster than their own task times allow (must be 0) and those above limit_t (named), and the runs whose
     * critical path was less than {@link #MIN_MODEL_SHARE} model time, each named.
     */
    public static String checks(ExperimentSummary summary, List<SweepRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "check: %d of %d cells above the real limit limit_t (must be 0): %s%n",
                summary.cellsAboveLimit(), summary.cells().size(), summary.cellsAboveLimit() == 0 ? "PASS" : "FAIL"));
        aboveTheirLimit(out, rows);
        List<SweepRow> measured = rows.stream().filter(r -> r.run().criticalPathModelShare() != null)
                .sorted(Comparator.comparing(r -> r.run().criticalPathModelShare())).toList();
        if (measured.isEmpty()) {
            out.append("check: model time on the critical path: not available (the metrics service gave no "
                    + "critical-path breakdown)\n");
            return out.toString();
        }
        List<SweepRow> low = measured.stream().filter(r -> r.run().criticalPathModelShare() < MIN_MODEL_SHARE).toList();
        out.append(String.format(Locale.ROOT, "check: model time >= %s of the critical path in %d of %d runs "
                + "(median %s, lowest %s): %s%n", percent(MIN_MODEL_SHARE), measured.size() - low.size(),
                measured.size(), percent(Spread.median(measured.stream().map(r -> r.run().criticalPathModelShare())
                        .toList())), percent(measured.getFirst().run().criticalPathModelShare()),
                low.isEmpty() ? "PASS" : "FAIL"));
        for (SweepRow r : low) {
            out.append(String.format(Locale.ROOT, "  below %s: run %s (%s %s n=%d seed %d): %s%n",
                    percent(MIN_MODEL_SHARE), r.runId(), r.suite(), r.architecture(), r.agents(), r.seed(),
                    percent(r.run().criticalPathModelShare())));
        }
        return out.toString();
    }

    /**
     * The per-run checks. First each run's makespan against the bound of its own task times,
     * {@code max(critical path of its task times, its work / n)}: no team of n finishes before its chain of
     * dependent tasks or before its own work shared out evenly, so a run faster than that (beyond 5 %) is a
     * defect of the clock or the timestamps (must be none). Then each run's speedup against {@code limit_t},
     * which takes the work of the n = 1 run of its seed instead of its own: a run above it did less real work
     * than that pair (the models' work is the same for one seed; tool and test time is real and grows on a
     * busier machine), so its speedup is inflated by that much. Those runs are named, not failed.
     */
    private static void aboveTheirLimit(StringBuilder out, List<SweepRow> rows) {
        List<RunSample> samples = rows.stream().map(SweepRow::sample).toList();
        Map<CellSummaries.Cell, CellSummaries.Baseline> baselines = CellSummaries.baselines(samples);
        int bounded = 0;
        List<String> impossible = new ArrayList<>();
        int paired = 0;
        List<String> lessWork = new ArrayList<>();
        for (SweepRow r : rows) {
            RunSample s = r.sample();
            Double bound = s.makespanLowerBoundSeconds();
            if (s.completed() && bound != null && bound > 0) {
                bounded++;
                if (Bounds.aboveLimit(bound / s.makespanSeconds(), 1.0)) {
                    impossible.add(String.format(Locale.ROOT, "  faster than its task times: run %s (%s %s n=%d seed "
                            + "%d): makespan %.1f s, bound %.1f s%n", r.runId(), r.suite(), r.architecture(),
                            r.agents(), r.seed(), s.makespanSeconds(), bound));
                }
            }
            CellSummaries.Baseline baseline = baselines.get(CellSummaries.Cell.of(s).baseline());
            Double speedup = CellSummaries.speedup(s, baseline);
            Double limit = CellSummaries.taskTimeLimit(s, baseline);
            if (speedup == null || limit == null) {
                continue;
            }
            paired++;
            if (Bounds.aboveLimit(speedup, limit)) {
                lessWork.add(String.format(Locale.ROOT, "  above limit_t: run %s (%s %s n=%d seed %d): speedup %.2f, "
                        + "limit_t %.2f%n",
                        r.runId(), r.suite(), r.architecture(), r.agents(), r.seed(), speedup, limit));
            }
        }
        out.append(String.format(Locale.ROOT, "check: %d of %d runs faster than their own task times allow, "
                + "max(critical path, work / n) (must be 0): %s%n", impossible.size(), bounded,
                impossible.isEmpty() ? "PASS" : "FAIL"));
        impossible.forEach(out::append);
        out.append(String.format(Locale.ROOT, "note: %d of %d runs above limit_t%s%n", lessWork.size(), paired,
                lessWork.isEmpty() ? "" : ": they did less real work than the n = 1 run of their seed (tool and "
                        + "test time on a less busy machine), so their speedups are inflated by that much"));
        lessWork.forEach(out::append);
    }

    private static String spread(Spread s, String format) {
        if (s == null) {
            return "-";
        }
        String median = String.format(Locale.ROOT, format, s.median());
        return s.count() < 2 ? median : median + " [" + String.format(Locale.ROOT, format, s.q1()) + "-"
                + String.format(Locale.ROOT, format, s.q3()) + "]";
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
