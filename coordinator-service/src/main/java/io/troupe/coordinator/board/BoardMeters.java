package io.troupe.coordinator.board;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TaskState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The board's Prometheus meters at {@code /q/metrics}: {@code troupe_runs_active} (RUNNING runs),
 * {@code troupe_tasks{state}} (the tasks of RUNNING runs by state) and
 * {@code troupe_lease_expiries_total}. The gauges read the database when scraped (one query for all
 * of them, kept for a second), so they are right after a restart and across coordinator replicas
 * that share a database; the counter counts this process's expiries since it started.
 */
@ApplicationScoped
public class BoardMeters {
    private static final Logger LOG = Logger.getLogger(BoardMeters.class);
    private static final long SNAPSHOT_MILLIS = 1000;

    private final Database db;
    private final MeterRegistry registry;
    private volatile Counter leaseExpiries;
    private volatile Snapshot snapshot;

    /** Counts read together; {@code takenAt} in {@link System#nanoTime()} terms. */
    private record Snapshot(long takenAt, double runsActive, Map<TaskState, Double> tasks) {
    }

    public BoardMeters(Database db, MeterRegistry registry) {
        this.db = db;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("troupe.runs.active", this, m -> m.snapshot().runsActive())
                .description("Runs in state RUNNING").register(registry);
        for (TaskState state : TaskState.values()) {
            Gauge.builder("troupe.tasks", this, m -> m.snapshot().tasks().getOrDefault(state, Double.NaN))
                    .tag("state", state.code())
                    .description("Tasks of RUNNING runs, by board state").register(registry);
        }
        leaseExpiries = Counter.builder("troupe.lease.expiries")
                .description("Leases that ran out (the task went back to READY or FAILED)").register(registry);
    }

    /** Counts an incident the board just recorded. */
    void recorded(Incidents.Kind kind) {
        switch (kind) {
            case LEASE_EXPIRED -> {
                if (leaseExpiries != null) {
                    leaseExpiries.increment();
                }
            }
            case CLAIM_CONFLICT, CLAIM_BLOCKED, STALE_LEASE -> {
                // Counted per run by the metrics service; not a dashboard series yet.
            }
        }
    }

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s != null && now - s.takenAt() < SNAPSHOT_MILLIS * 1_000_000) {
            return s;
        }
        s = read(now);
        snapshot = s;
        return s;
    }

    private Snapshot read(long now) {
        Map<TaskState, Double> tasks = new EnumMap<>(TaskState.class);
        for (TaskState state : TaskState.values()) {
            tasks.put(state, 0.0);
        }
        try (Connection c = db.connection()) {
            double active;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM runs WHERE status = ?")) {
                ps.setString(1, RunStatus.RUNNING.code());
                try (ResultSet rs = ps.executeQuery()) {
                    active = rs.next() ? rs.getLong(1) : 0;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT t.state, COUNT(*) FROM tasks t "
                    + "JOIN runs r ON r.id = t.run_id WHERE r.status = ? GROUP BY t.state")) {
                ps.setString(1, RunStatus.RUNNING.code());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tasks.put(TaskState.fromCode(rs.getString(1)), (double) rs.getLong(2));
                    }
                }
            }
            return new Snapshot(now, active, tasks);
        } catch (SQLException | RuntimeException e) {
            // A scrape must not fail because the database is away: the gauges show NaN meanwhile.
            LOG.warnf("cannot read the board's counts for /q/metrics: %s", e.getMessage());
            tasks.replaceAll((state, count) -> Double.NaN);
            return new Snapshot(now, Double.NaN, tasks);
        }
    }
}
