package io.troupe.coordinator.board;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code task_incidents} table: refused claims and lost leases, counted per run. */
@ApplicationScoped
public class Incidents {

    /** What went wrong; {@link #code()} is stored and shown. */
    public enum Kind {
        /** A claim lost to another agent. */
        CLAIM_CONFLICT("claim-conflict", "claimConflicts"),
        /** A claim of a task that was not READY. */
        CLAIM_BLOCKED("claim-blocked", "blockedClaims"),
        /** A renewal or completion with an epoch that is not the current lease. */
        STALE_LEASE("stale-lease", "staleLeases"),
        /** A lease that ran out. */
        LEASE_EXPIRED("lease-expired", "leaseExpiries");

        private final String code;
        private final String countName;

        Kind(String code, String countName) {
            this.code = code;
            this.countName = countName;
        }

        public String code() {
            return code;
        }

        /** The name of its count in a run view. */
        public String countName() {
            return countName;
        }
    }

    private final Database db;
    private final BoardMeters meters;

    public Incidents(Database db, BoardMeters meters) {
        this.db = db;
        this.meters = meters;
    }

    public void record(String runId, String taskId, String agent, Kind kind, String detail, Instant at) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO task_incidents (run_id, task_id, agent, kind, detail, at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, taskId);
            ps.setString(3, agent);
            ps.setString(4, kind.code());
            ps.setString(5, detail == null || detail.length() <= 1024 ? detail : detail.substring(0, 1024));
            ps.setObject(6, RunStore.utc(at));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot record " + kind.code() + " of task " + taskId, e);
        }
        meters.recorded(kind);
    }

    /** Every kind's count for the run, zeros included, by count name ({@code claimConflicts} …). */
    public Map<String, Long> counts(String runId) {
        Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
        Arrays.stream(Kind.values()).forEach(k -> byKind.put(k, 0L));
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT kind, COUNT(*) AS n FROM task_incidents WHERE run_id = ? GROUP BY kind")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String code = rs.getString("kind");
                    long n = rs.getLong("n");
                    Arrays.stream(Kind.values()).filter(k -> k.code().equals(code)).forEach(k -> byKind.put(k, n));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot count the incidents of run " + runId, e);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        byKind.forEach((k, n) -> counts.put(k.countName(), n));
        return counts;
    }
}
