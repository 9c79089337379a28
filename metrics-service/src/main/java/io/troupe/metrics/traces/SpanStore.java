package io.troupe.metrics.traces;

import io.troupe.support.tracing.TraceNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Spans received over OTLP (or fetched from Jaeger), kept in memory per trace, up to a limit of
 * spans in all. A trace belongs to the run whose {@code run} root span it holds (attribute
 * {@code troupe.run.id}), or whose start announced it ({@link RunTraces}); every span of the trace,
 * HTTP and Kafka spans included, is then the run's. Duplicate span ids in a trace are kept once.
 */
@ApplicationScoped
public class SpanStore {
    private static final Logger LOG = Logger.getLogger(SpanStore.class);

    private final RunTraces runs;
    private final int maxSpans;
    private final Map<String, Map<String, StoredSpan>> byTrace = new LinkedHashMap<>();
    private int size;

    @Inject
    public SpanStore(RunTraces runs, @ConfigProperty(name = "troupe.metrics.max-spans", defaultValue = "500000")
                     int maxSpans) {
        this.runs = runs;
        this.maxSpans = maxSpans;
    }

    /** Stores {@code spans}; answers how many were rejected because the store is full. */
    public synchronized long add(List<StoredSpan> spans) {
        long rejected = 0;
        for (StoredSpan span : spans) {
            Map<String, StoredSpan> trace = byTrace.computeIfAbsent(span.traceId(), t -> new LinkedHashMap<>());
            if (!trace.containsKey(span.spanId()) && size >= maxSpans) {
                rejected++;
                continue;
            }
            if (trace.put(span.spanId(), span) == null) {
                size++;
            }
            // Only the run's root span names its trace: other spans with the run's id may sit in the
            // trace of the request that created the run (the workspace's workspace.create).
            String runId = span.attribute(TraceNames.RUN_ID);
            if (TraceNames.RUN.equals(span.name()) && span.parentSpanId() == null && runId != null
                    && !runId.isBlank()) {
                runs.remember(runId, span.traceId());
            }
        }
        if (rejected > 0) {
            LOG.warnf("span store full (%d spans, troupe.metrics.max-spans): %d spans rejected", maxSpans, rejected);
        }
        return rejected;
    }

    /** The spans of the run's trace, by start time; empty if its trace or its spans are unknown. */
    public synchronized List<StoredSpan> ofRun(String runId) {
        Optional<String> traceId = runs.traceIdOf(runId);
        if (traceId.isEmpty() || !byTrace.containsKey(traceId.get())) {
            return List.of();
        }
        List<StoredSpan> spans = new ArrayList<>(byTrace.get(traceId.get()).values());
        spans.sort(Comparator.comparing(StoredSpan::start));
        return spans;
    }
}
