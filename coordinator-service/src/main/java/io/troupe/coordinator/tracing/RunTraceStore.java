package io.troupe.coordinator.tracing;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.troupe.coordinator.board.Database;
import io.troupe.coordinator.board.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The stored trace context of each run's root span (table {@code run_traces}). */
@ApplicationScoped
public class RunTraceStore {
    private final Database database;

    public RunTraceStore(Database database) {
        this.database = database;
    }

    public void save(String runId, SpanContext context) {
        try (Connection c = database.connection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO run_traces (run_id, trace_id, span_id, sampled) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, runId);
            insert.setString(2, context.getTraceId());
            insert.setString(3, context.getSpanId());
            insert.setBoolean(4, context.isSampled());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot store the trace of run " + runId, e);
        }
    }

    /** The run's root span context, as a remote parent for spans made elsewhere. */
    public Optional<SpanContext> find(String runId) {
        try (Connection c = database.connection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT trace_id, span_id, sampled FROM run_traces WHERE run_id = ?")) {
            select.setString(1, runId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(SpanContext.createFromRemoteParent(row.getString(1), row.getString(2),
                        row.getBoolean(3) ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                        TraceState.getDefault()));
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the trace of run " + runId, e);
        }
    }
}
