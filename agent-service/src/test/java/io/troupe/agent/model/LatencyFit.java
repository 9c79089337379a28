package io.troupe.agent.model;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.troupe.testkit.ReferenceLogs;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * The fit of the simulated model's latency ({@link LatencyProfile.PerFile}) to the paper's logs, as one DuckDB
 * query over {@code shared/reference/events.parquet}; {@link LatencyFitTest} checks that the committed
 * {@code calibration/llm-turn-profiles.json} holds what it gives, and {@link #main} writes it there:
 * {@code ./mvnw -pl agent-service -am test-compile} then run this class with the test classpath from the
 * project's root.
 *
 * <p>What a turn is in the logs: an {@code agent_reply} row (one LLM call); its latency is the seconds from its
 * round's {@code round_start} to the reply (the agents of a round are called at once; the replies are logged as
 * they are handled); the files it wrote are the {@code edit_file} rows after it, before the next reply, round or
 * run end, in the file's row order ({@code lock_attempt} rows carry no timestamp, so the row order is the log's).
 * The fit is ordinary least squares of latency on files per model; the noise is the residual's quantiles, and
 * no draw is faster than the fastest logged reply. It gives the paper's figures: Claude 5.0 s + 2.0 s per file,
 * GPT-5.2 2.2 s + 2.3 s, Gemini 4.6 s + 0.9 s.
 */
public final class LatencyFit {

    /** The query; {@code %s} is the events file as an SQL string literal. */
    static final String FIT = """
            WITH events AS (
                SELECT *, file_row_number AS rn FROM read_parquet(%s, file_row_number = true)),
            marked AS (
                SELECT *, count(*) FILTER (type IN ('agent_reply', 'round_start', 'run_end'))
                              OVER (PARTITION BY run_dir ORDER BY rn) AS segment
                FROM events),
            replies AS (
                SELECT run_dir, segment, round, ts FROM marked WHERE type = 'agent_reply'),
            files AS (
                SELECT run_dir, segment, count(*) AS files FROM marked WHERE type = 'edit_file' GROUP BY ALL),
            rounds AS (
                SELECT run_dir, round, ts AS started FROM events WHERE type = 'round_start'),
            turns AS (
                SELECT split_part(r.run_dir, '/', 2) AS model_dir, r.ts - s.started AS seconds,
                       coalesce(f.files, 0) AS files
                FROM replies r JOIN rounds s USING (run_dir, round) LEFT JOIN files f USING (run_dir, segment)),
            fit AS (
                SELECT model_dir, count(*) AS turns, regr_intercept(seconds, files) AS base,
                       regr_slope(seconds, files) AS per_file
                FROM turns GROUP BY model_dir)
            SELECT model_dir, turns, base, per_file, min(seconds) AS fastest,
                   quantile_cont(seconds - base - per_file * files,
                                 [0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99]) AS residual
            FROM turns JOIN fit USING (model_dir)
            GROUP BY ALL ORDER BY model_dir
            """;

    /** The logs' model directories by the profile names of the calibration resource. */
    static final Map<String, String> MODELS = Map.of(
            "anthropic_claude-sonnet-4-6", "claude-sonnet-4-6",
            "google_gemini-3-flash-preview", "gemini-3-flash",
            "openai_gpt-5.2", "gpt-5.2");

    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyFit() {
    }

    /** Each profile's {@code latency_model} block as the query gives it, by profile name. */
    static Map<String, ObjectNode> fit() throws SQLException {
        Map<String, ObjectNode> blocks = new LinkedHashMap<>();
        try (Connection c = duckdb(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(FIT.formatted(ReferenceLogs.sqlPath("events.parquet")))) {
            while (r.next()) {
                String profile = MODELS.get(r.getString("model_dir"));
                if (profile == null) {
                    throw new IllegalStateException("the logs hold an unknown model " + r.getString("model_dir"));
                }
                ObjectNode block = JSON.createObjectNode();
                block.put("fit", "LatencyFit.FIT (agent-service tests): OLS of reply latency on files written, "
                        + "over the paper's logs");
                block.put("turns", r.getLong("turns"));
                block.put("base_seconds", round(r.getDouble("base")));
                block.put("per_file_seconds", round(r.getDouble("per_file")));
                block.put("fastest_seconds", round(r.getDouble("fastest")));
                ObjectNode quantiles = block.putObject("residual_quantiles");
                Array residual = r.getArray("residual");
                Object[] values = (Object[]) residual.getArray();
                for (int i = 0; i < values.length; i++) {
                    quantiles.put(LatencyProfiles.RESIDUAL_QUANTILES[i], round(((Number) values[i]).doubleValue()));
                }
                blocks.put(profile, block);
            }
        }
        return blocks;
    }

    /** Seconds to the millisecond, as the resource holds them. */
    static BigDecimal round(double seconds) {
        return BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_EVEN);
    }

    /**
     * Writes the fit into the resource: {@code agent-service/src/main/resources/calibration/...} under
     * {@code args[0]} (default: .).
     */
    public static void main(String[] args) throws Exception {
        Path resource = Path.of(args.length > 0 ? args[0] : ".")
                .resolve("agent-service/src/main/resources").resolve(LatencyProfiles.RESOURCE);
        JsonNode root = JSON.readTree(resource.toFile());
        fit().forEach((profile, block) -> ((ObjectNode) root.path("models").path(profile)).set("latency_model", block));
        write(resource, root);
        System.out.println("wrote the latency model of " + MODELS.size() + " profiles into " + resource);
    }

    private static void write(Path file, JsonNode root) throws IOException {
        // Two-space indents and "key": value, as the file was written by hand.
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withSeparators(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        Files.writeString(file, JSON.writer(printer).writeValueAsString(root) + "\n");
    }

    /**
     * An in-memory DuckDB, from its driver directly: after a Quarkus test in the same JVM, DriverManager may not see
     * the driver from this class's loader.
     */
    static Connection duckdb() throws SQLException {
        return new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    }
}
