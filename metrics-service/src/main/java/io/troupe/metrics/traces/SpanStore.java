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
 * spans in all ({@code troupe.metrics.max-spans}) and of their estimated size in bytes
 * ({@code troupe.metrics.max-span-bytes}, a quarter of the launcher's 256 MiB heap by default: a
 * count alone lets large spans exhaust the heap). A full store rejects further spans, and the
 * service's readiness turns DOWN ({@link SpanStoreHealth}). A trace belongs to the run whose
 * {@code run} root span it holds (attribute {@code troupe.run.id}), or whose start announced it
 * ({@link RunTraces}); every span of the trace, HTTP and Kafka spans included, is then the run's.
 * Duplicate span ids in a trace are kept once.
 */
@ApplicationScoped
public class SpanStore {
    private static final Logger LOG = Logger.getLogger(SpanStore.class);

    private final RunTraces runs;
    private final int maxSpans;
    private final long maxBytes;
    private final Map<String, Map<String, StoredSpan>> byTrace = new LinkedHashMap<>();
    private int size;
    private long bytes;
    /** Whether the last new span offered was rejected: the store is full for spans like it. */
    private boolean rejecting;

    @Inject
    public SpanStore(RunTraces runs, @ConfigProperty(name = "troupe.metrics.max-spans", defaultValue = "500000")
                     int maxSpans,
                     @ConfigProperty(name = "troupe.metrics.max-span-bytes", defaultValue = "67108864") long maxBytes) {
        this.runs = runs;
        this.maxSpans = maxSpans;
        this.maxBytes = maxBytes;
    }

    /** How full the store is; {@code full} once it rejects spans (it keeps what it has: nothing is evicted). */
    public record Usage(int spans, int maxSpans, long bytes, long maxBytes, boolean full) {
    }

    public synchronized Usage usage() {
        return new Usage(size, maxSpans, bytes, maxBytes, rejecting || size >= maxSpans || bytes >= maxBytes);
    }

    /**
     * A span's approximate heap footprint: its strings (two bytes a character), attribute values
     * and a fixed overhead for the objects around them. An estimate, so the cap is approximate.
     */
    static long estimate(StoredSpan span) {
        long total = 256;
        for (String s : new String[] {span.traceId(), span.spanId(), span.parentSpanId(), span.name(),
                span.service(), span.kind(), span.status()}) {
            total += s == null ? 0 : 40 + 2L * s.length();
        }
        for (Map.Entry<String, Object> attribute : span.attributes().entrySet()) {
            total += 64 + 2L * attribute.getKey().length() + 2L * String.valueOf(attribute.getValue()).length();
        }
        return total + (span.links() == null ? 0 : 120L * span.links().size());
    }

    /** Stores {@code spans}; answers how many were rejected because the store is full. */
    public synchronized long add(List<StoredSpan> spans) {
        long rejected = 0;
        for (StoredSpan span : spans) {
            Map<String, StoredSpan> trace = byTrace.computeIfAbsent(span.traceId(), t -> new LinkedHashMap<>());
            long estimate = estimate(span);
            if (!trace.containsKey(span.spanId()) && (size >= maxSpans || bytes + estimate > maxBytes)) {
                rejected++;
                rejecting = true;
                if (trace.isEmpty()) {
                    byTrace.remove(span.traceId());
                }
                continue;
            }
            StoredSpan replaced = trace.put(span.spanId(), span);
            if (replaced == null) {
                size++;
                rejecting = false;
            } else {
                bytes -= estimate(replaced);
            }
            bytes += estimate;
            // Only the run's root span names its trace: other spans with the run's id may sit in the
            // trace of the request that created the run (the workspace's workspace.create).
            String runId = span.attribute(TraceNames.RUN_ID);
            if (TraceNames.RUN.equals(span.name()) && span.parentSpanId() == null && runId != null
                    && !runId.isBlank()) {
                runs.remember(runId, span.traceId());
            }
        }
        if (rejected > 0) {
            LOG.warnf("span store full (%d of %d spans, troupe.metrics.max-spans; %d of %d bytes, "
                    + "troupe.metrics.max-span-bytes): %d spans rejected", size, maxSpans, bytes, maxBytes, rejected);
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
