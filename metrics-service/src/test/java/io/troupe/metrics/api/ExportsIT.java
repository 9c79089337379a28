package io.troupe.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent.TaskClaimBlocked;
import io.troupe.protocol.events.WorkspaceEvent.ConcurrentWrite;
import io.troupe.protocol.events.WorkspaceEvent.FileWritten;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Experiment summaries and exports, from events on the real broker. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
class ExportsIT {
    private static final Instant T0 = Instant.parse("2026-11-25T11:00:00Z");

    /** Publishes a finished run of the experiment and returns its id. */
    private static String finishedRun(String experiment, int agents, int seconds) {
        String run = "run-" + UUID.randomUUID();
        TestEvents.publish(Topics.RUN_EVENTS, new RunStarted(run, experiment, "numlib-p09", "preassigned", agents,
                "claude-sonnet-4-6", 20, 2, 0.9, T0));
        for (int i = 1; i <= agents; i++) {
            TestEvents.publish(Topics.AGENT_EVENTS, new TurnCompleted(run, "agent-" + i, "t" + i, "claude-sonnet-4-6",
                    1500, 100, 10, T0.plusSeconds(1)));
        }
        TestEvents.publish(Topics.AGENT_EVENTS, new TurnCompleted(run, "agent-1", "t1", "claude-sonnet-4-6", 2500,
                100, 10, T0.plusSeconds(3)));
        TestEvents.publish(Topics.WORKSPACE_EVENTS, new FileWritten(run, "agent-1", "mean.py", 1, null, 40,
                T0.plusSeconds(2)));
        // agent-2 rewrites agent-1's file 300 ms later: a concurrent write in both senses and a cross-agent rewrite
        TestEvents.publish(Topics.WORKSPACE_EVENTS, new FileWritten(run, "agent-2", "mean.py", 2, null, 44,
                T0.plusMillis(2300)));
        TestEvents.publish(Topics.WORKSPACE_EVENTS, new ConcurrentWrite(run, "agent-2", "mean.py", 2, 1, "agent-1",
                300, T0.plusMillis(2300)));
        TestEvents.publish(Topics.TASK_EVENTS, new TaskClaimBlocked(run, "t5", "agent-1", "PENDING",
                T0.plusSeconds(2)));
        TestEvents.publish(Topics.WORKSPACE_EVENTS, new TestRunCompleted(run, "agent-1", "tr", 3, 1, 0, 1, false,
                800, T0.plusSeconds(4)));
        TestEvents.publish(Topics.RUN_EVENTS, new RunFinished(run, "COMPLETED", T0.plusSeconds(seconds)));
        return run;
    }

    @Test
    void experimentSummaryCsvAndPaperParquetDescribeTheSameRuns() throws Exception {
        // Given an experiment with one run of 1 agent (40 s) and one of 2 agents (25 s)
        String experiment = "exp-" + UUID.randomUUID();
        String one = finishedRun(experiment, 1, 40);
        String two = finishedRun(experiment, 2, 25);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/experiments/{e}/summary", experiment)
                .then().statusCode(200).body("finishedRuns", equalTo(2)));
        // Each topic is consumed on its own: a run's RunFinished may be folded before its other events.
        for (var run : Map.of(one, 1, two, 2).entrySet()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .get("/api/runs/{r}/metrics", run.getKey()).then().statusCode(200)
                    .body("turns", equalTo(run.getValue() + 1))
                    .body("blockedClaims", equalTo(1))
                    .body("concurrentWrites", equalTo(1))
                    .body("paperConcurrentWrites", equalTo(1))
                    .body("crossAgentRewrites", equalTo(1))
                    .body("testRuns", equalTo(1)));
        }

        // Then the summary has both cells, with speedup 40 / 25 for n = 2
        given().get("/api/experiments/{e}/summary", experiment).then()
                .body("cells.size()", equalTo(2))
                .body("cells[1].agents", equalTo(2))
                .body("cells[1].speedup.median", equalTo(1.6f))
                .body("cells[1].tokenMultiplier", equalTo(330f / 220f));

        // And the 2-agent run's own metrics compare it with the n = 1 run and price its
        // 300 input and 30 output tokens of claude-sonnet-4-6 at the default $3 / $15 per million
        // (RestAssured reads JSON numbers as floats, hence the tolerances)
        var metrics = given().get("/api/runs/{r}/metrics", two).then().statusCode(200).extract().jsonPath();
        assertThat(metrics.getDouble("speedup")).isCloseTo(1.6, within(1e-6));
        assertThat(metrics.getDouble("tokenMultiplier")).isCloseTo(1.5, within(1e-6));
        assertThat(metrics.getDouble("estimatedCostUsd")).isCloseTo(0.00135, within(1e-9));
        assertThat(metrics.getDouble("stragglerGapSeconds")).isCloseTo(2.5 - 5.5 / 3, within(1e-6));
        assertThat(metrics.getMap("perAgent")).containsOnlyKeys("agent-1", "agent-2");
        assertThat(metrics.getInt("perAgent.'agent-1'.turns")).isEqualTo(2);

        // And the runs CSV has a header and one row per run, the per-agent metrics as JSON in a column
        String csv = given().get("/api/exports/runs.csv?experiment={e}", experiment).then().statusCode(200)
                .extract().asString();
        assertThat(csv.lines().toList()).hasSize(3);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("run_id,experiment_id,suite,architecture")
                .endsWith("per_agent,straggler_gap_seconds,estimated_cost_usd,speedup,token_multiplier");
        assertThat(csv).contains("\"{\"\"agent-1\"\":{\"\"turns\"\":2,");
        given().get("/api/exports/events.csv?run={r}", two).then().statusCode(200)
                .body(containsString("io.troupe.turn-completed"));

        // And the paper's tables read back with its column names and types
        Map<String, String> runColumns = describe(fetch("/api/exports/paper/runs.parquet?experiment=" + experiment));
        assertThat(runColumns).containsExactlyEntriesOf(columns("run_dir VARCHAR", "model_dir VARCHAR",
                "exp_dir VARCHAR", "mode VARCHAR", "task_type VARCHAR", "p_label VARCHAR", "p_true DOUBLE",
                "n_teammates BIGINT", "rep BIGINT", "success BOOLEAN", "wall_clock_seconds DOUBLE",
                "total_rounds BIGINT", "concurrent_writes BIGINT", "claims_blocked BIGINT",
                "total_input_tokens BIGINT", "total_output_tokens BIGINT", "cross_agent_rewrites BIGINT"));
        List<List<String>> runs = query(fetch("/api/exports/paper/runs.parquet?experiment=" + experiment),
                "SELECT n_teammates, wall_clock_seconds, total_rounds, concurrent_writes, claims_blocked, "
                        + "task_type, p_label, mode, success, model_dir, cross_agent_rewrites FROM t "
                        + "ORDER BY n_teammates");
        assertThat(runs).containsExactly(
                List.of("1", "40.0", "2", "1", "1", "numlib", "p09", "preassigned", "true", "claude-sonnet-4-6", "1"),
                List.of("2", "25.0", "2", "1", "1", "numlib", "p09", "preassigned", "true", "claude-sonnet-4-6", "1"));

        byte[] events = fetch("/api/exports/paper/events.parquet?experiment=" + experiment);
        assertThat(describe(events)).containsExactlyEntriesOf(columns("type VARCHAR", "ts DOUBLE",
                "run_dir VARCHAR", "agents VARCHAR[]", "num_teammates DOUBLE", "round DOUBLE", "agent VARCHAR",
                "path VARCHAR", "returncode DOUBLE", "seconds DOUBLE"));
        List<List<String>> ofOne = query(events, "SELECT type, agent, path, returncode, seconds FROM t "
                + "WHERE run_dir LIKE '%" + one + "' ORDER BY ts, type");
        assertThat(ofOne).containsExactly(
                List.of("run_start", "null", "null", "null", "null"),
                List.of("agent_reply", "agent-1", "null", "null", "1.5"),
                List.of("claim_blocked", "agent-1", "null", "null", "null"),
                List.of("edit_file", "agent-1", "mean.py", "null", "null"),
                List.of("edit_file", "agent-2", "mean.py", "null", "null"),
                List.of("agent_reply", "agent-1", "null", "null", "2.5"),
                List.of("run_tests", "agent-1", "null", "1.0", "0.8"),
                List.of("run_end", "null", "null", "null", "null"));
    }

    @Test
    void unknownExperimentAndMissingRunParameterAreProblems() {
        given().get("/api/experiments/no-such-experiment/summary").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("no-such-experiment"));
        given().get("/api/exports/events.csv").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("'run' is required"));
        given().get("/api/exports/events.json?run=run-never-seen").then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static byte[] fetch(String path) {
        return given().get(path).then().statusCode(200).extract().asByteArray();
    }

    private static Map<String, String> columns(String... nameAndType) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String c : nameAndType) {
            columns.put(c.substring(0, c.indexOf(' ')), c.substring(c.indexOf(' ') + 1));
        }
        return columns;
    }

    private static Map<String, String> describe(byte[] parquet) throws Exception {
        Map<String, String> columns = new LinkedHashMap<>();
        for (List<String> row : query(parquet, "DESCRIBE SELECT * FROM t")) {
            columns.put(row.get(0), row.get(1));
        }
        return columns;
    }

    /** Reads the Parquet bytes with DuckDB, as the table {@code t}. */
    private static List<List<String>> query(byte[] parquet, String sql) throws Exception {
        Path file = Files.createTempFile("export", ".parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            Files.write(file, parquet);
            c.createStatement().execute("CREATE VIEW t AS SELECT * FROM '" + file + "'");
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet r = c.createStatement().executeQuery(sql)) {
                int n = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(String.valueOf(r.getString(i)));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
