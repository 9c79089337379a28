package io.troupe.metrics.traces;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A span as received over OTLP, as served by {@code GET /api/runs/{run}/spans}: ids in lowercase
 * hex, {@code parentSpanId} null for a root, attribute values as JSON scalars or lists.
 */
public record StoredSpan(String traceId, String spanId, String parentSpanId, String name, String service,
                         String kind, Instant start, Instant end, String status, Map<String, Object> attributes,
                         List<Link> links) {

    /** A span link: the linked span's ids. */
    public record Link(String traceId, String spanId) {
    }

    /** The value of a string attribute, or null. */
    public String attribute(String key) {
        Object value = attributes.get(key);
        return value == null ? null : String.valueOf(value);
    }
}
