package io.troupe.metrics.traces;

import io.troupe.metrics.config.MetricsConfig;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Receives spans and serves a run's spans, fetching them from Jaeger when none came here. */
@ApplicationScoped
public class TraceService {
    private static final Logger LOG = Logger.getLogger(TraceService.class);

    private final SpanStore store;
    private final RunTraces runs;
    private final Optional<JaegerClient> jaeger;

    public TraceService(SpanStore store, RunTraces runs, MetricsConfig config) {
        this.store = store;
        this.runs = runs;
        this.jaeger = config.metrics().jaegerUrl().map(JaegerClient::new);
    }

    /** Stores what an exporter sent; answers the number of spans rejected. */
    public long receive(List<StoredSpan> spans) {
        return store.add(spans);
    }

    public List<StoredSpan> spansOf(String runId) {
        List<StoredSpan> spans = store.ofRun(runId);
        if (!spans.isEmpty()) {
            return spans;
        }
        String traceId = runs.traceIdOf(runId).orElseThrow(() -> new ProblemException(ProblemType.TRACE_NOT_FOUND,
                "no trace of run '" + runId + "' is known here: the run is unknown, or it ran with tracing off "
                        + "(QUARKUS_OTEL_SDK_DISABLED=false on the services; see the README's Traces section)"));
        if (jaeger.isPresent()) {
            try {
                store.add(jaeger.get().trace(traceId));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("cannot fetch trace %s of run %s from Jaeger: %s", traceId, runId, e.getMessage());
                throw new ProblemException(ProblemType.JAEGER_UNAVAILABLE, "trace " + traceId
                        + " of run " + runId + " was not received here and Jaeger could not be asked for it ("
                        + e.getMessage() + "); check troupe.metrics.jaeger-url");
            }
        }
        return store.ofRun(runId);
    }
}
