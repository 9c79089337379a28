package io.troupe.protocol.experiment;

import io.troupe.protocol.suite.Bounds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /**
     * The n = 1 baseline of a suite and architecture: the medians of its completed n = 1 runs, and the
     * median makespan of those of each seed.
     */
    public record Baseline(double makespanSeconds, double tokens, Map<Long, Double> makespanBySeed) {
        public Baseline {
            makespanBySeed = Map.copyOf(makespanBySeed);
        }

        /**
         * The n = 1 makespan that {@code run} is compared with: the one of its seed if known (a run of simulated
         * agents does the same work as the n = 1 run of its seed, the common random numbers, so the pair differs
         * only by the team), else the median of all.
         */
        public double makespanFor(RunSample run) {
            Double paired = run.seed() == null ? null : makespanBySeed.get(run.seed());
            return paired == null ? makespanSeconds : paired;
        }
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
        Map<Long, Double> bySeed = new TreeMap<>();
        completed.stream().filter(r -> r.seed() != null)
                .collect(Collectors.groupingBy(RunSample::seed))
                .forEach((seed, same) -> bySeed.put(seed, Spread.median(values(same, RunSample::makespanSeconds))));
        return new Baseline(Spread.median(values(completed, RunSample::makespanSeconds)),
                Spread.median(values(completed, r -> (double) r.tokens())), bySeed);
    }

    /**
     * The baseline of every suite and architecture among {@code runs} that has a completed n = 1 run, by its
     * n = 1 cell: a run's is {@code baselines.get(Cell.of(run).baseline())}.
     */
    public static Map<Cell, Baseline> baselines(List<RunSample> runs) {
        Map<Cell, Baseline> baselines = new HashMap<>();
        runs.stream().filter(r -> r.agents() == 1).collect(Collectors.groupingBy(Cell::of))
                .forEach((cell, singles) -> {
                    Baseline b = baseline(singles);
                    if (b != null) {
                        baselines.put(cell, b);
                    }
                });
        return baselines;
    }

    /** A run's speedup over its baseline (see {@link Baseline#makespanFor}); null without a baseline or a makespan. */
    public static Double speedup(RunSample run, Baseline baseline) {
        return baseline == null || !run.completed() ? null : baseline.makespanFor(run) / run.makespanSeconds();
    }

    /**
     * The highest speedup over its baseline that a run's own task times allow: {@code T1 / max(CP_t, T1 / n)},
     * with {@code T1} the n = 1 makespan it is compared with and {@code CP_t} the critical path of its task
     * times. No team is faster than its chain of dependent tasks, nor than the single agent's time shared out
     * evenly; for tasks of equal times it is the graph's {@code N / max(CP, N / n)}. Unlike that unit-task
     * limit it holds for the uneven task times of real (and calibrated) models, whose chain may carry less
     * than its share of the work. It assumes the run did its baseline's work ({@code T1}); the models' work is the
     * same for one seed, but tool and test time is real, so a run that did less of it than its n = 1 pair may lie
     * a little above (its own bound, {@code RunSample.makespanLowerBoundSeconds}, it never beats). Null without a
     * baseline, a makespan or task times.
     */
    public static Double taskTimeLimit(RunSample run, Baseline baseline) {
        if (baseline == null || !run.completed() || run.criticalPathSeconds() == null || run.agents() < 1) {
            return null;
        }
        double single = baseline.makespanFor(run);
        double bound = Math.max(run.criticalPathSeconds(), single / run.agents());
        return bound <= 0 ? null : single / bound;
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
        Spread taskTimeLimit = Spread.of(values(ok, r -> taskTimeLimit(r, baseline)));
        Spread tokens = Spread.of(values(ok, r -> (double) r.tokens()));
        Double tokenMultiplier = baseline == null || baseline.tokens() == 0 || tokens == null ? null
                : tokens.median() / baseline.tokens();
        Double perToken = speedup == null || tokenMultiplier == null || tokenMultiplier == 0 ? null
                : speedup.median() / tokenMultiplier;
        // The task-time limit where the runs' task times are known; the unit-task limit only without them.
        Double checked = taskTimeLimit != null ? Double.valueOf(taskTimeLimit.median()) : limit;
        boolean above = speedup != null && checked != null && Bounds.aboveLimit(speedup.median(), checked);
        List<RunSample> tested = ok.stream().filter(r -> r.finalTestsPassed() != null).toList();
        return new CellSummary(cell.suite(), cell.architecture(), cell.agents(), runs.size(), ok.size(),
                first.taskCount(), first.criticalPath(), first.parallelFraction(), limit,
                taskTimeLimit, amdahl,
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
                tested.isEmpty() ? null : tested.size(),
                Spread.of(values(ok, r -> (double) r.concurrentWrites())),
                Spread.of(values(ok, r -> (double) r.crossAgentRewrites())));
    }

    /** The known values of {@code f} over {@code runs}. */
    private static List<Double> values(List<RunSample> runs, Function<RunSample, Double> f) {
        return runs.stream().map(f).filter(Objects::nonNull).toList();
    }
}
