package io.troupe.coordinator.board;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.TaskTransition;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The {@code tasks} table: every change of a task is a compare-and-set on its state and version,
 * so of two concurrent changes of the same task exactly one wins.
 */
@ApplicationScoped
public class TaskBoard {
    private static final Logger LOG = Logger.getLogger(TaskBoard.class);
    private static final String COLUMNS = "run_id, task_id, seq, state, assignee, agent, version, updated_at, "
            + "attempts, lease_epoch, lease_expires_at";

    private final Database db;

    public TaskBoard(Database db) {
        this.db = db;
    }

    static void insert(Connection c, List<BoardTask> tasks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tasks (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (BoardTask t : tasks) {
                ps.setString(1, t.runId());
                ps.setString(2, t.taskId());
                ps.setInt(3, t.seq());
                ps.setString(4, t.state().code());
                ps.setString(5, t.assignee());
                ps.setString(6, t.agent());
                ps.setLong(7, t.version());
                ps.setObject(8, RunStore.utc(t.updatedAt()));
                ps.setInt(9, t.attempts());
                ps.setLong(10, t.leaseEpoch());
                ps.setObject(11, RunStore.utc(t.leaseExpiresAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The tasks of a run in the suite's order. */
    public List<BoardTask> tasks(String runId) {
        return query("SELECT " + COLUMNS + " FROM tasks WHERE run_id = ? ORDER BY seq", runId);
    }

    public Optional<BoardTask> find(String runId, String taskId) {
        return query("SELECT " + COLUMNS + " FROM tasks WHERE run_id = ? AND task_id = ?", runId, taskId)
                .stream().findFirst();
    }

    /** The CLAIMED tasks of run {@code runId} whose lease ran out by {@code now} (the run's own time). */
    public List<BoardTask> expiredLeases(String runId, Instant now) {
        return query("SELECT " + COLUMNS + " FROM tasks WHERE run_id = ? AND state = ? AND lease_expires_at <= ? "
                + "ORDER BY lease_expires_at", runId, TaskState.CLAIMED.code(), RunStore.utc(now));
    }

    /**
     * Applies {@code t} if the task is still in {@code t.from()} at {@code t.expectedVersion()};
     * false when another change came first (a lost race), in which case nothing changed.
     */
    public boolean apply(TaskTransition t, Instant at) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE tasks SET state = ?, agent = ?, version = version + 1, updated_at = ?, attempts = ?, "
                        + "lease_epoch = ?, lease_expires_at = ? "
                        + "WHERE run_id = ? AND task_id = ? AND version = ? AND state = ?")) {
            ps.setString(1, t.to().code());
            ps.setString(2, t.agent());
            ps.setObject(3, RunStore.utc(at));
            ps.setInt(4, t.attempts());
            ps.setLong(5, t.leaseEpoch());
            ps.setObject(6, RunStore.utc(t.leaseExpiresAt()));
            ps.setString(7, t.runId());
            ps.setString(8, t.taskId());
            ps.setLong(9, t.expectedVersion());
            ps.setString(10, t.from().code());
            boolean won = ps.executeUpdate() == 1;
            if (won) {
                LOG.infof("task transition runId=%s taskId=%s agentId=%s from=%s to=%s version=%d epoch=%d",
                        t.runId(), t.taskId(), t.agent(), t.from().code(), t.to().code(), t.expectedVersion() + 1,
                        t.leaseEpoch());
            } else {
                LOG.debugf("task transition lost its race runId=%s taskId=%s from=%s to=%s expectedVersion=%d",
                        t.runId(), t.taskId(), t.from().code(), t.to().code(), t.expectedVersion());
            }
            return won;
        } catch (SQLException e) {
            throw new StorageException("cannot change task " + t.taskId() + " of run " + t.runId(), e);
        }
    }

    private List<BoardTask> query(String sql, Object... args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<BoardTask> tasks = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tasks.add(new BoardTask(rs.getString("run_id"), rs.getString("task_id"), rs.getInt("seq"),
                            TaskState.fromCode(rs.getString("state")), rs.getString("assignee"),
                            rs.getString("agent"), rs.getLong("version"), RunStore.instant(rs, "updated_at"),
                            rs.getInt("attempts"), rs.getLong("lease_epoch"),
                            RunStore.instant(rs, "lease_expires_at")));
                }
            }
            return tasks;
        } catch (SQLException e) {
            throw new StorageException("cannot read tasks", e);
        }
    }
}
