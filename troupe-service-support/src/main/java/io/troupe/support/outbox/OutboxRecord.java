package io.troupe.support.outbox;

import java.time.Instant;

/**
 * One row of the outbox: an event appended by a committed transaction and not yet acknowledged by
 * the broker.
 *
 * @param seq         its place in append order
 * @param channel     the outgoing channel it goes to
 * @param id          its CloudEvents id, the same on every resend
 * @param type        its CloudEvents type
 * @param runId       its run, the Kafka key
 * @param payload     the event as JSON
 * @param traceparent the W3C trace context of the append, or null
 * @param tracestate  the W3C trace state of the append, or null
 * @param createdAt   when it was appended
 */
public record OutboxRecord(long seq, String channel, String id, String type, String runId, String payload,
                           String traceparent, String tracestate, Instant createdAt) {
}
