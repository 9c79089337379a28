package io.troupe.workspace.testrun;

import io.troupe.workspace.TestRunResult;
import io.troupe.workspace.config.Database;
import io.troupe.workspace.files.Announce;
import io.troupe.workspace.files.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The {@code test_runs} table: one row per test run, kept. */
@ApplicationScoped
public class TestRunStore {
    private final Database database;

    TestRunStore(Database database) {
        this.database = database;
    }

    /**
     * Records a finished test run, with {@code announce} (its event appended to the outbox) in the same
     * transaction.
     */
    public void record(String runId, String agentId, List<String> paths, TestRunResult result, Instant at,
                       Announce<TestRunResult> announce) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO test_runs (id, run_id, agent_id, paths, "
                     + "passed, failed, errors, exit_code, timed_out, duration_millis, output, created_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, result.id());
                ps.setString(2, runId);
                ps.setString(3, agentId);
                ps.setString(4, paths.isEmpty() ? null : String.join("\n", paths));
                ps.setInt(5, result.passed());
                ps.setInt(6, result.failed());
                ps.setInt(7, result.errors());
                ps.setInt(8, result.exitCode());
                ps.setBoolean(9, result.timedOut());
                ps.setLong(10, result.durationMillis());
                // PostgreSQL text cannot hold NUL characters, which a test's output may contain.
                ps.setString(11, result.output().replace('\0', '?'));
                ps.setObject(12, at.atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
                announce.in(c, result);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("record test run " + result.id() + " of " + runId, e);
        }
    }
}
