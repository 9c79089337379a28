package io.troupe.protocol.experiment;

import io.troupe.protocol.suite.Bounds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one computation of an experiment's cell summaries (see {@link CellSummary}): the metrics
 * service serves it, the CLI prints and charts it. Pure: the same samples give the same summary.
 */
public final class CellSummaries {

    private CellSummaries() {
    }

    /** A cell: suite, architecture, team size. */
    public record Cell(String suite, String architecture, int agents) {
        static final Comparator<Cell> ORDER = Comparator.comparing(Cell::suite).thenComparing(Cell::architecture)
                .thenComparingInt(Cell::agents);

        /** The n = 1 cell of the same suite and architecture: its speedup baseline. */
        public Cell baseline() {
            return new Cell(suite, architecture, 1);
        }

        public static Cell of(RunSample run) {
            return new Cell(run.suite(), run.architecture(), run.agents());
        }
    }

    /** The n = 1 baseline of a suite and architecture: the medians of its completed n = 1 runs. */
    public record Baseline(double makespanSeconds, double tokens) {
    }

    /** The summary of {@code runs} (finished or not; unfinished ones are only counted). */
    public static ExperimentSummary of(String experimentId, List<RunSample> runs) {
        List<RunSample> finished = runs.stream().filter(r -> r.makespanSeconds() != null).toList();
        Map<Cell, List<RunSample>> cells = new TreeMap<>(Cell.ORDER);
        finished.forEach(r -> cells.computeIfAbsent(Cell.of(r), c -> new ArrayList<>()).add(r));
        List<CellSummary> summaries = new ArrayList<>();
        cells.forEach((cell, members) -> summaries.add(summarize(cell, members,
                baseline(cells.getOrDefault(cell.baseline(), List.of())))));
        int above = (int) summaries.stream().filter(CellSummary::aboveLimit).count();
        return new ExperimentSummary(experimentId, runs.size(), finished.size(), List.copyOf(summaries), above);
    }

    /**
     * The baseline that the runs of a cell are compared with: the medians of the completed ones among
     * {@code singleAgentRuns}; null if none completed.
     */
    public static Baseline baseline(List<RunSample> singleAgentRuns) {
        List<RunSample> completed = singleAgentRuns.stream().filter(RunSample::completed).toList();
        if (completed.isEmpty()) {
            return null;
        }
        return new Baseline(Spread.median(values(completed, RunSample::makespanSeconds)),
                Spread.median(values(completed, r -> (double) r.tokens())));
    }

    /** A run's speedup over its baseline; null without a baseline or a makespan. */
    public static Double speedup(RunSample run, Baseline baseline) {
        return baseline == null || !run.completed() ? null : baseline.makespanSeconds() / run.makespanSeconds();
    }

    /** A run's tokens over its baseline's; null without a baseline or with a baseline of no tokens. */
    public static Double tokenMultiplier(RunSample run, Baseline baseline) {
        return baseline == null || baseline.tokens() == 0 ? null : run.tokens() / baseline.tokens();
    }

    private static CellSummary summarize(Cell cell, List<RunSample> runs, Baseline baseline) {
        List<RunSample> ok = runs.stream().filter(RunSample::completed).toList();
        RunSample first = runs.getFirst();
        Double limit = first.taskCount() == null || first.criticalPath() == null || cell.agents() < 1 ? null
                : Bounds.speedupLimit(first.taskCount(), first.criticalPath(), cell.agents());
        Double amdahl = first.parallelFraction() == null ? null : Bounds.amdahl(first.parallelFraction(),
                cell.agents());
        Spread speedup = baseline == null ? null : Spread.of(values(ok, r -> speedup(r, baseline)));
        Spread tokens = Spread.of(values(ok, r -> (double) r.tokens()));
        Double tokenMultiplier = baseline == null || baseline.tokens() == 0 || tokens == null ? null
                : tokens.median() / baseline.tokens();
        Double perToken = speedup == null || tokenMultiplier == null || tokenMultiplier == 0 ? null
                : speedup.median() / tokenMultiplier;
        boolean above = speedup != null && limit != null && Bounds.aboveLimit(speedup.median(), limit);
        List<RunSample> tested = ok.stream().filter(r -> r.finalTestsPassed() != null).toList();
        return new CellSummary(cell.suite(), cell.architecture(), cell.agents(), runs.size(), ok.size(),
                first.taskCount(), first.criticalPath(), first.parallelFraction(), limit,
                Spread.of(values(ok, RunSample::taskTimeSpeedupLimit)), amdahl,
                Spread.of(values(ok, RunSample::makespanSeconds)),
                Spread.of(values(ok, RunSample::makespanLowerBoundSeconds)),
                baseline == null ? null : baseline.makespanSeconds(), speedup, above, tokens, tokenMultiplier,
                perToken, Spread.of(values(ok, r -> (double) r.writeConflicts())),
                Spread.of(values(ok, r -> (double) r.overwrites())),
                Spread.of(values(ok, r -> (double) r.claimConflicts())),
                Spread.of(values(ok, r -> (double) r.blockedClaims())),
                Spread.of(values(ok, RunSample::stragglerGapSeconds)),
                Spread.of(values(ok, RunSample::estimatedCostUsd)),
                Spread.of(values(ok, RunSample::criticalPathModelShare)),
                tested.isEmpty() ? null : (int) tested.stream().filter(RunSample::finalTestsPassed).count(),
                tested.isEmpty() ? null : tested.size());
    }

    /** The known values of {@code f} over {@code runs}. */
    private static List<Double> values(List<RunSample> runs, Function<RunSample, Double> f) {
        return runs.stream().map(f).filter(Objects::nonNull).toList();
    }
}
