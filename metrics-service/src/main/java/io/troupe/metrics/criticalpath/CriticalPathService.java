package io.troupe.metrics.criticalpath;

import io.troupe.metrics.config.MetricsConfig;
import io.troupe.metrics.log.EventLog;
import io.troupe.metrics.log.LoggedEvent;
import io.troupe.metrics.traces.RunTraces;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The critical path of a run seen by this service, from its event log. */
@ApplicationScoped
public class CriticalPathService {
    private final EventLog log;
    private final Optional<String> jaegerUrl;
    private final RunTraces traces;

    public CriticalPathService(EventLog log, MetricsConfig config, RunTraces traces) {
        this.log = log;
        this.jaegerUrl = config.metrics().jaegerUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        this.traces = traces;
    }

    public CriticalPath of(String runId) {
        List<LoggedEvent> events = log.of(runId);
        if (events.isEmpty()) {
            throw new ProblemException(ProblemType.RUN_NOT_FOUND, "no event of run '" + runId + "' has been seen by "
                    + "the metrics "
                    + "service, so it has no critical path yet; check the run id (GET /api/runs/metrics lists "
                    + "the runs it knows)");
        }
        CriticalPath path = CriticalPathAnalysis.of(runId, events.stream().map(LoggedEvent::event).toList());
        return traces.traceIdOf(runId)
                .map(traceId -> path.withTrace(traceId, jaegerUrl.map(u -> u + "/trace/" + traceId).orElse(null)))
                .orElse(path);
    }
}
