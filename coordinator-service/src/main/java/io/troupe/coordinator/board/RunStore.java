package io.troupe.coordinator.board;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunSettings;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TeamMember;
import io.troupe.protocol.events.ModelSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code runs} table. A run is inserted together with its tasks, in one transaction. */
@ApplicationScoped
public class RunStore {
    private static final String COLUMNS = "id, experiment_id, suite_id, architecture, agents, model_provider, "
            + "model_name, model_latency_millis, status, created_at, finished_at, reason, settings, rounds";

    private final Database db;

    public RunStore(Database db) {
        this.db = db;
    }

    public void insert(Run run, List<BoardTask> tasks) {
        insert(run, tasks, List.of());
    }

    /** Inserts the run with its tasks and its {@code team}, in one transaction. */
    public void insert(Run run, List<BoardTask> tasks, List<TeamMember> team) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, run.id());
                    ps.setString(2, run.experimentId());
                    ps.setString(3, run.suiteId());
                    ps.setString(4, run.architecture());
                    ps.setInt(5, run.agents());
                    ps.setString(6, run.model().provider());
                    ps.setString(7, run.model().name());
                    ps.setLong(8, run.model().latencyMillis());
                    ps.setString(9, run.status().code());
                    ps.setObject(10, utc(run.createdAt()));
                    ps.setObject(11, utc(run.finishedAt()));
                    ps.setString(12, run.reason());
                    ps.setString(13, StoredJson.write(run.settings()));
                    ps.setObject(14, run.rounds(), java.sql.Types.INTEGER);
                    ps.executeUpdate();
                }
                TaskBoard.insert(c, tasks);
                TeamStore.insert(c, run.id(), team);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("cannot store run " + run.id(), e);
        }
    }

    public Optional<Run> find(String id) {
        List<Run> runs = query("SELECT " + COLUMNS + " FROM runs WHERE id = ?", id);
        return runs.stream().findFirst();
    }

    /** Every run, newest first. */
    public List<Run> all() {
        return query("SELECT " + COLUMNS + " FROM runs ORDER BY created_at DESC, id DESC");
    }

    public List<Run> withStatus(RunStatus status) {
        return query("SELECT " + COLUMNS + " FROM runs WHERE status = ? ORDER BY created_at", status.code());
    }

    public List<Run> ofExperiment(String experimentId) {
        return query("SELECT " + COLUMNS + " FROM runs WHERE experiment_id = ? ORDER BY created_at", experimentId);
    }

    /**
     * Ends a RUNNING run with {@code status} and {@code reason}; false if it was not RUNNING any
     * more (someone else ended it first).
     */
    public boolean finish(String id, RunStatus status, String reason, Instant at) {
        return finish(id, status, reason, at, null);
    }

    /** As {@link #finish(String, RunStatus, String, Instant)}, recording the {@code rounds} it used if not null. */
    public boolean finish(String id, RunStatus status, String reason, Instant at, Integer rounds) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE runs SET status = ?, finished_at = ?, reason = ?, rounds = COALESCE(?, rounds) "
                        + "WHERE id = ? AND status = ?")) {
            ps.setString(1, status.code());
            ps.setObject(2, utc(at));
            ps.setString(3, reason.length() <= 1024 ? reason : reason.substring(0, 1024));
            ps.setObject(4, rounds, java.sql.Types.INTEGER);
            ps.setString(5, id);
            ps.setString(6, RunStatus.RUNNING.code());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException("cannot finish run " + id, e);
        }
    }

    /** A RUNNING run in rounds began round {@code round}. */
    public void recordRound(String id, int round) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE runs SET rounds = ? WHERE id = ? AND status = ? AND (rounds IS NULL OR rounds < ?)")) {
            ps.setInt(1, round);
            ps.setString(2, id);
            ps.setString(3, RunStatus.RUNNING.code());
            ps.setInt(4, round);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot record round " + round + " of run " + id, e);
        }
    }

    private List<Run> query(String sql, Object... args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Run> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(new Run(rs.getString("id"), rs.getString("experiment_id"), rs.getString("suite_id"),
                            rs.getString("architecture"), rs.getInt("agents"),
                            new ModelSpec(rs.getString("model_provider"), rs.getString("model_name"),
                                    rs.getLong("model_latency_millis")),
                            RunStatus.fromCode(rs.getString("status")), instant(rs, "created_at"),
                            instant(rs, "finished_at"), rs.getString("reason"), settings(rs.getString("settings")),
                            rs.getObject("rounds", Integer.class)));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new StorageException("cannot read runs", e);
        }
    }

    private static RunSettings settings(String json) {
        // Runs stored before settings existed have none.
        return json == null ? new RunSettings(null, null, null, null, null, null, null)
                : StoredJson.read(json, RunSettings.class);
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
