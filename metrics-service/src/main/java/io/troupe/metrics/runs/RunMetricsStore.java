package io.troupe.metrics.runs;

import io.troupe.protocol.events.TroupeEvent;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of every run seen since this process started, held in memory: the event topics
 * are the source of truth and are re-read from the beginning after a restart.
 */
@ApplicationScoped
public class RunMetricsStore {
    private final Map<String, RunMetrics> runs = new ConcurrentHashMap<>();

    /** Folds one event into its run's metrics; false if it was a duplicate. */
    public boolean apply(String eventId, TroupeEvent event) {
        return runs.computeIfAbsent(event.runId(), RunMetrics::new).apply(eventId, event);
    }

    public RunMetricsView metricsOf(String runId) {
        RunMetrics metrics = runs.get(runId);
        if (metrics == null) {
            throw ProblemException.notFound("run", "no event of run '" + runId + "' has been seen by the metrics "
                    + "service; check the run id (GET /api/runs/metrics lists the runs it knows)");
        }
        return metrics.view();
    }

    /** Every run seen, most recently started first (runs not yet started last). */
    public List<RunMetricsView> all() {
        return runs.values().stream()
                .map(RunMetrics::view)
                .sorted(Comparator.comparing(RunMetricsView::startedAt,
                        Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }
}
