package io.troupe.metrics.experiments;

import io.troupe.metrics.runs.RunMetricsView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Groups an experiment's finished runs into cells and computes their statistics. */
public final class ExperimentSummaries {
    private static final String COMPLETED = "COMPLETED";

    private ExperimentSummaries() {
    }

    record Cell(String suite, String architecture, int agents) {
        Cell baseline() {
            return new Cell(suite, architecture, 1);
        }
    }

    public static ExperimentSummary of(String experimentId, List<RunMetricsView> runs) {
        List<RunMetricsView> finished = runs.stream().filter(r -> r.makespanSeconds() != null).toList();
        Map<Cell, List<RunMetricsView>> cells = new TreeMap<>(Comparator.comparing(Cell::suite)
                .thenComparing(Cell::architecture).thenComparingInt(Cell::agents));
        for (RunMetricsView run : finished) {
            Cell cell = new Cell(run.suite(), run.architecture(), Objects.requireNonNullElse(run.agents(), 0));
            cells.computeIfAbsent(cell, c -> new ArrayList<>()).add(run);
        }
        List<CellSummary> summaries = new ArrayList<>();
        cells.forEach((cell, members) -> summaries.add(summarize(cell, members, cells.get(cell.baseline()))));
        return new ExperimentSummary(experimentId, runs.size(), finished.size(), summaries);
    }

    private static CellSummary summarize(Cell cell, List<RunMetricsView> runs, List<RunMetricsView> baseline) {
        Stats makespan = stats(runs, RunMetricsView::makespanSeconds);
        Stats tokens = stats(runs, ExperimentSummaries::tokens);
        Stats speedup = null;
        Double tokenMultiplier = null;
        Double perToken = null;
        if (baseline != null) {
            double baseMakespan = stats(baseline, RunMetricsView::makespanSeconds).mean();
            speedup = stats(runs, r -> baseMakespan / r.makespanSeconds());
            double baseTokens = stats(baseline, ExperimentSummaries::tokens).mean();
            tokenMultiplier = baseTokens == 0 ? null : tokens.mean() / baseTokens;
            perToken = tokenMultiplier == null || tokenMultiplier == 0 ? null : speedup.mean() / tokenMultiplier;
        }
        int completed = (int) runs.stream().filter(r -> COMPLETED.equals(r.status())).count();
        Double amdahl = runs.getFirst().amdahlBound();
        return new CellSummary(cell.suite(), cell.architecture(), cell.agents(), runs.size(), completed, amdahl,
                makespan, speedup, tokens, tokenMultiplier, perToken,
                stats(runs, r -> r.writeConflicts()), stats(runs, r -> r.overwrites()),
                stats(runs, r -> r.claimConflicts()), stats(runs, r -> r.blockedClaims()),
                runs.getFirst().parallelFraction(), present(runs, RunMetricsView::stragglerGapSeconds),
                present(runs, RunMetricsView::estimatedCostUsd));
    }

    /** Statistics over the runs where {@code f} is known; null if it is known for none. */
    private static Stats present(List<RunMetricsView> runs, Function<RunMetricsView, Double> f) {
        List<Double> values = runs.stream().map(f).filter(Objects::nonNull).toList();
        return values.isEmpty() ? null : Stats.of(values);
    }

    private static double tokens(RunMetricsView r) {
        return r.inputTokens() + r.outputTokens();
    }

    private static Stats stats(List<RunMetricsView> runs, ToDoubleFunction<RunMetricsView> f) {
        return Stats.of(runs.stream().map(r -> f.applyAsDouble(r)).toList());
    }
}
