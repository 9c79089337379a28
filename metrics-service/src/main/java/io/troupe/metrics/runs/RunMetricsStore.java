package io.troupe.metrics.runs;

import io.troupe.metrics.config.MetricsConfig;
import io.troupe.protocol.experiment.CellSummaries;
import io.troupe.protocol.experiment.RunSample;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of every run seen since this process started, held in memory: the event topics
 * are the source of truth and are re-read from the beginning after a restart.
 */
@ApplicationScoped
public class RunMetricsStore {
    private final Map<String, RunMetrics> runs = new ConcurrentHashMap<>();
    private final Prices prices;

    @Inject
    public RunMetricsStore(MetricsConfig config) {
        this(Prices.of(config.metrics()));
    }

    public RunMetricsStore(Prices prices) {
        this.prices = prices;
    }

    /** Folds one event into its run's metrics; false if it was a duplicate. */
    public boolean apply(String eventId, TroupeEvent event) {
        return runs.computeIfAbsent(event.runId(), RunMetrics::new).apply(eventId, event);
    }

    public RunMetricsView metricsOf(String runId) {
        RunMetrics metrics = runs.get(runId);
        if (metrics == null) {
            throw new ProblemException(ProblemType.RUN_NOT_FOUND, "no event of run '" + runId + "' has been seen by "
                    + "the metrics "
                    + "service; check the run id (GET /api/runs/metrics lists the runs it knows)");
        }
        RunMetricsView view = metrics.view(prices);
        if (view.experimentId() == null || view.makespanSeconds() == null) {
            return view;
        }
        return withBaseline(view, runs.values().stream().map(m -> m.view(prices)).toList());
    }

    /** Every run seen, most recently started first (runs not yet started last). */
    public List<RunMetricsView> all() {
        List<RunMetricsView> views = runs.values().stream().map(m -> m.view(prices)).toList();
        return views.stream()
                .map(v -> withBaseline(v, views))
                .sorted(Comparator.comparing(RunMetricsView::startedAt,
                        Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /**
     * Adds speedup and token multiplier against the n = 1 baseline of the same experiment cell (experiment,
     * suite, architecture), as in the experiment's summary: the n = 1 run of the same seed, else the median.
     */
    static RunMetricsView withBaseline(RunMetricsView run, List<RunMetricsView> others) {
        if (run.experimentId() == null || run.makespanSeconds() == null || run.makespanSeconds() <= 0) {
            return run;
        }
        List<RunSample> singleAgentRuns = others.stream()
                .filter(o -> run.experimentId().equals(o.experimentId())
                        && Objects.equals(run.suite(), o.suite())
                        && Objects.equals(run.architecture(), o.architecture())
                        && Integer.valueOf(1).equals(o.agents()))
                .map(RunMetricsView::sample)
                .toList();
        CellSummaries.Baseline baseline = CellSummaries.baseline(singleAgentRuns);
        if (baseline == null) {
            return run;
        }
        RunSample sample = run.sample();
        return run.withBaseline(CellSummaries.speedup(sample, baseline),
                CellSummaries.tokenMultiplier(sample, baseline));
    }
}
