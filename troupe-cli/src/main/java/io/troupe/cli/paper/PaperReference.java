package io.troupe.cli.paper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's 1,413 logged runs ({@code runs.parquet} of "Language Model Teams as Distributed Systems"),
 * read in place with DuckDB: never copied into the project. Only the columns each comparison needs are read;
 * every figure derived from them (speedups, token multipliers, the cells' spreads) is computed by
 * {@link PaperCells}, the same code that summarizes Troupe's runs, so both sides share one definition.
 */
public final class PaperReference {
    /**
     * Query {@code paper-runs}: one row per logged run. Tokens are input plus output, as the paper counts
     * them; {@code concurrent_writes} is the paper's own count (writes of one path by two or more agents in
     * one round).
     */
    static final String PAPER_RUNS = """
            SELECT mode, model_dir, task_type, p_label, n_teammates, wall_clock_seconds,
                   total_input_tokens + total_output_tokens AS tokens, concurrent_writes, success
            FROM read_parquet(%s)
            WHERE wall_clock_seconds > 0
            ORDER BY mode, model_dir, task_type, p_label, n_teammates, rep
            """;

    private PaperReference() {
    }

    /**
     * The reference folder: {@code configured} if given, else {@code TROUPE_REFERENCE}, else the first
     * {@code shared/reference} holding {@code runs.parquet} walking up from the working directory (the
     * checkout's sibling {@code ../shared}).
     */
    public static Path folder(Path configured) {
        if (configured != null) {
            return checked(configured);
        }
        String env = System.getenv("TROUPE_REFERENCE");
        if (env != null && !env.isBlank()) {
            return checked(Path.of(env));
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("reference");
            if (Files.isRegularFile(candidate.resolve("runs.parquet"))) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("the paper's logs are not found: no shared/reference/runs.parquet in "
                + start + " or a folder above it; pass --reference DIR or set TROUPE_REFERENCE");
    }

    private static Path checked(Path folder) {
        if (!Files.isRegularFile(folder.resolve("runs.parquet"))) {
            throw new IllegalArgumentException("no runs.parquet in " + folder + ": --reference (or TROUPE_REFERENCE) "
                    + "must name the folder holding the paper's runs.parquet");
        }
        return folder;
    }

    /** Every logged run of the folder's {@code runs.parquet} (query {@link #PAPER_RUNS}). */
    public static List<PaperRun> runs(Path folder) {
        String path = "'" + checked(folder).resolve("runs.parquet").toAbsolutePath().toString().replace("'", "''")
                + "'";
        List<PaperRun> runs = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement query = db.createStatement();
             ResultSet rows = query.executeQuery(PAPER_RUNS.formatted(path))) {
            while (rows.next()) {
                runs.add(new PaperRun(rows.getString("mode"), rows.getString("task_type"), rows.getString("p_label"),
                        rows.getInt("n_teammates"), rows.getString("model_dir"), rows.getDouble("wall_clock_seconds"),
                        rows.getLong("tokens"), rows.getLong("concurrent_writes"), rows.getBoolean("success")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the paper's logs in " + folder + ": " + e.getMessage(), e);
        }
        return runs;
    }
}
