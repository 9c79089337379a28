package io.troupe.metrics.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * Writes the paper's two tables as Parquet with the column names and types of its public logs,
 * through an in-memory DuckDB (which writes Parquet itself, without a Hadoop stack).
 */
public final class ParquetTables {
    static final String RUNS_COLUMNS = "run_dir VARCHAR, model_dir VARCHAR, exp_dir VARCHAR, mode VARCHAR, "
            + "task_type VARCHAR, p_label VARCHAR, p_true DOUBLE, n_teammates BIGINT, rep BIGINT, success BOOLEAN, "
            + "wall_clock_seconds DOUBLE, total_rounds BIGINT, concurrent_writes BIGINT, claims_blocked BIGINT, "
            + "total_input_tokens BIGINT, total_output_tokens BIGINT, cross_agent_rewrites BIGINT";
    static final String EVENTS_COLUMNS = "type VARCHAR, ts DOUBLE, run_dir VARCHAR, agents VARCHAR[], "
            + "num_teammates DOUBLE, round DOUBLE, agent VARCHAR, path VARCHAR, returncode DOUBLE, seconds DOUBLE";

    private ParquetTables() {
    }

    public static byte[] runs(List<PaperRun> rows) {
        return write("runs", RUNS_COLUMNS, "INSERT INTO runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", insert -> {
            for (PaperRun r : rows) {
                insert.setString(1, r.runDir());
                insert.setString(2, r.modelDir());
                insert.setString(3, r.expDir());
                insert.setString(4, r.mode());
                insert.setString(5, r.taskType());
                insert.setString(6, r.pLabel());
                insert.setDouble(7, r.pTrue());
                insert.setLong(8, r.nTeammates());
                insert.setLong(9, r.rep());
                insert.setBoolean(10, r.success());
                setDouble(insert, 11, r.wallClockSeconds());
                insert.setLong(12, r.totalRounds());
                insert.setLong(13, r.concurrentWrites());
                insert.setLong(14, r.claimsBlocked());
                insert.setLong(15, r.totalInputTokens());
                insert.setLong(16, r.totalOutputTokens());
                insert.setLong(17, r.crossAgentRewrites());
                insert.addBatch();
            }
        });
    }

    public static byte[] events(List<PaperEvent> rows) {
        // agents, num_teammates and round describe the paper's own loop; Troupe has no counterpart.
        return write("events", EVENTS_COLUMNS,
                "INSERT INTO events VALUES (?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?)", insert -> {
                    for (PaperEvent e : rows) {
                        insert.setString(1, e.type());
                        insert.setDouble(2, e.ts());
                        insert.setString(3, e.runDir());
                        insert.setString(4, e.agent());
                        insert.setString(5, e.path());
                        setDouble(insert, 6, e.returncode());
                        setDouble(insert, 7, e.seconds());
                        insert.addBatch();
                    }
                });
    }

    private interface Rows {
        void add(PreparedStatement insert) throws SQLException;
    }

    private static byte[] write(String table, String columns, String insertSql, Rows rows) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (" + columns + ")");
            try (PreparedStatement insert = c.prepareStatement(insertSql)) {
                rows.add(insert);
                insert.executeBatch();
            }
            Path file = Files.createTempFile("troupe-" + table, ".parquet");
            try {
                s.execute("COPY " + table + " TO '" + file + "' (FORMAT PARQUET)");
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the " + table + " table as Parquet: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
    }
}
