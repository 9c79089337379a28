package io.troupe.support.outbox;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.TroupeEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The transactional outbox, Troupe's one rule for publishing the events of a service that stores
 * data: the event is written to the {@value #TABLE} table in the same transaction as the change it
 * announces, so both are committed or neither is; after the commit the caller signals the service's
 * {@link OutboxRelay}, which sends the row to Kafka and deletes it once the broker acknowledged it.
 *
 * <p>The delivery rule: at least once, in append order per run (the relay sends rows in append
 * order, and the idempotent producer keeps a partition's order), with the same CloudEvents id on
 * every resend. Consumers are idempotent on the id.
 */
public final class Outbox {
    /** The table, created by {@value #LOCATION}/R__troupe_outbox.sql. */
    public static final String TABLE = "troupe_outbox";
    /** The Flyway location of the table's DDL, for {@code quarkus.flyway.pg.locations}. */
    public static final String LOCATION = "db/outbox";

    private Outbox() {
    }

    /**
     * Appends {@code event} for {@code channel} with CloudEvents id {@code eventId}, inside the
     * transaction of {@code connection} (the caller commits it), together with the W3C trace context
     * current now, so the record still joins this trace when the relay sends it later.
     */
    public static void append(Connection connection, String channel, TroupeEvent event, String eventId)
            throws SQLException {
        Map<String, String> trace = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), trace, Map::put);
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + TABLE
                + " (channel, event_id, event_type, run_id, payload, traceparent, tracestate)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, eventId);
            ps.setString(3, Events.typeOf(event));
            ps.setString(4, event.runId());
            ps.setString(5, Events.toJson(event));
            ps.setString(6, trace.get("traceparent"));
            ps.setString(7, trace.get("tracestate"));
            ps.executeUpdate();
        }
    }
}
