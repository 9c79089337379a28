package io.troupe.coordinator.experiments;

import io.troupe.coordinator.board.Database;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.StorageException;
import io.troupe.coordinator.board.StoredJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code experiments} and {@code experiment_runs} tables. */
@ApplicationScoped
public class ExperimentStore {
    private static final String COLUMNS = "id, spec, status, reason, created_at, finished_at";

    private final Database db;

    public ExperimentStore(Database db) {
        this.db = db;
    }

    public void insert(Experiment e) {
        update("INSERT INTO experiments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", e.id(),
                StoredJson.write(e.spec()), e.status().code(), e.reason(), RunStore.utc(e.createdAt()),
                RunStore.utc(e.finishedAt()));
    }

    public Optional<Experiment> find(String id) {
        return query("SELECT " + COLUMNS + " FROM experiments WHERE id = ?", id).stream().findFirst();
    }

    /** Every experiment, newest first. */
    public List<Experiment> all() {
        return query("SELECT " + COLUMNS + " FROM experiments ORDER BY created_at DESC, id DESC");
    }

    public List<Experiment> running() {
        return query("SELECT " + COLUMNS + " FROM experiments WHERE status = ? ORDER BY created_at",
                Experiment.Status.RUNNING.code());
    }

    /** Ends a RUNNING experiment; false if it had ended already. */
    public boolean finish(String id, Experiment.Status status, String reason, Instant at) {
        return update("UPDATE experiments SET status = ?, reason = ?, finished_at = ? WHERE id = ? AND status = ?",
                status.code(), reason, RunStore.utc(at), id, Experiment.Status.RUNNING.code()) == 1;
    }

    public void addRun(String experimentId, int seq, String runId) {
        update("INSERT INTO experiment_runs (experiment_id, seq, run_id) VALUES (?, ?, ?)", experimentId, seq, runId);
    }

    /** The runs started for the experiment, by seq. */
    public Map<Integer, String> runs(String experimentId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT seq, run_id FROM experiment_runs WHERE experiment_id = ? ORDER BY seq")) {
            ps.setString(1, experimentId);
            Map<Integer, String> runs = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.put(rs.getInt("seq"), rs.getString("run_id"));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new StorageException("cannot read the runs of experiment " + experimentId, e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot change experiments", e);
        }
    }

    private List<Experiment> query(String sql, Object... args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Experiment> experiments = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    experiments.add(new Experiment(rs.getString("id"),
                            StoredJson.read(rs.getString("spec"), ExperimentRequest.class),
                            Experiment.Status.fromCode(rs.getString("status")), rs.getString("reason"),
                            RunStore.instant(rs, "created_at"), RunStore.instant(rs, "finished_at")));
                }
            }
            return experiments;
        } catch (SQLException e) {
            throw new StorageException("cannot read experiments", e);
        }
    }
}
