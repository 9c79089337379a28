package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code troupe} command as {@code ./troupe} does (a JVM of its own starting Kafka and
 * the four services as child processes) and checks what a user sees, and that nothing is left
 * running afterwards.
 */
class TroupeCommandIT {
    /**
     * A cell of the table: suite, architecture, n, completed/runs, makespan and speedup (each "median [q1-q3]"
     * with repetitions), limit, limit_t, amdahl, tokens, tok_x, conflicts, conc_w, x_rw, straggler_s, model_cp,
     * final_tests (passed/run), check.
     */
    private static final String SPREAD = "([\\d.]+|-)(?: \\[[\\d.]+-[\\d.]+])?";
    private static final Pattern ROW = Pattern.compile("(\\S+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)/(\\d+)\\s+"
            + SPREAD + "\\s+" + SPREAD + "\\s+([\\d.]+|-)\\s+([\\d.]+|-)\\s+([\\d.]+|-)\\s+(\\d+|-)\\s+([\\d.]+|-)"
            + "\\s+(\\d+|-)\\s+(\\d+|-)\\s+(\\d+|-)\\s+([\\d.]+|-)\\s+(\\d+%|-)\\s+(?:(\\d+)/(\\d+)|-)"
            + "\\s+(ok|ABOVE-LIMIT|-)");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runDir;

    @Test
    void quickSweepCompletesEveryRunAndLeavesNoProcessBehind() throws Exception {
        // When
        Process troupe = troupe("sweep", "--quick", "--run-dir", runDir.toString());
        boolean exited = troupe.waitFor(8, TimeUnit.MINUTES);
        String output = Files.readString(runDir.resolve("troupe.out"));

        // Then
        assertThat(exited).as("troupe sweep exits; output:%n%s", output).isTrue();
        assertThat(troupe.exitValue()).as("exit code; output:%n%s", output).isZero();
        List<Matcher> rows = output.lines().map(ROW::matcher).filter(Matcher::matches).toList();
        assertThat(rows).as("the table's rows in:%n%s", output).hasSize(3);
        for (Matcher row : rows) {
            assertThat(row.group(4)).as("completed of runs").isEqualTo(row.group(5)).isEqualTo("1");
            assertThat(Double.parseDouble(row.group(6))).isPositive();
            assertThat(Long.parseLong(row.group(11))).as("tokens").isPositive();
            assertThat(row.group(18)).as("runs whose final tests passed").isEqualTo(row.group(19)).isEqualTo("1");
        }
        assertThat(rows.get(0).group(7)).isEqualTo("1.00");
        // tiny: 5 tasks, critical path 3: at n = 2 the real limit is 5 / 3, Amdahl predicts 1 / (0.6 + 0.2)
        assertThat(rows.get(1).group(8)).as("limit for n = 2").isEqualTo("1.67");
        assertThat(rows.get(1).group(10)).as("Amdahl for n = 2").isEqualTo("1.25");
        assertThat(output).contains("check: ").contains("cells above the real limit");
        assertThat(Files.list(runDir.resolve("logs")).map(p -> p.getFileName().toString()))
                .contains("kafka.log", "coordinator-service.log", "workspace-service.log", "agent-service.log",
                        "metrics-service.log");
        assertNoProcessUses(runDir);
    }

    @Test
    void upPrintsEveryServiceServesARemoteSweepAndStopsEverythingOnInterrupt() throws Exception {
        // Given a stack that is up, its services sending their traces to the metrics service
        Process troupe = troupe(runDir.resolve("troupe.out"), Map.of("TROUPE_TRACES", "1"), "up", "--run-dir",
                runDir.toString());
        try {
            upServesARemoteSweepThenStopsOnInterrupt(troupe);
        } finally {
            troupe.destroy();
            troupe.waitFor(2, TimeUnit.MINUTES);
        }
    }

    private void upServesARemoteSweepThenStopsOnInterrupt(Process troupe) throws Exception {
        Path out = runDir.resolve("troupe.out");
        awaitLine(troupe, out, "Troupe is up", Duration.ofMinutes(3));
        String output = Files.readString(out);
        for (String service : List.of("kafka", "coordinator", "workspace", "agent", "metrics")) {
            assertThat(output).containsPattern("(?m)^" + service + "\\s+\\S+");
        }
        // And its credentials are in a file only its owner may read, and no API answers without them
        Path credentials = runDir.resolve(StackCredentials.FILE);
        assertThat(Files.getPosixFilePermissions(credentials))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        operatorToken = StackCredentials.read(credentials).operatorToken();
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(urlOf(output, "coordinator")
                + "/api/runs")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                h -> assertThat(h).startsWith("Bearer"));

        // When a sweep drives that stack as a remote deployment
        Path sweepOut = runDir.resolve("remote-sweep.out");
        Process sweep = troupe(sweepOut, Map.of(SweepCommand.TOKEN_ENV, operatorToken), "sweep", "--suite", "tiny",
                "--agents", "3", "--reps", "1",
                "--architectures", "preassigned", "--model",
                "simulated-constant", "--latency-ms", "50",
                "--coordinator", urlOf(output, "coordinator"), "--metrics", urlOf(output, "metrics"),
                "--workspace", urlOf(output, "workspace"));

        // Then it runs on that stack and reports like a local sweep
        assertThat(sweep.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String sweepOutput = Files.readString(sweepOut);
        assertThat(sweep.exitValue()).as(sweepOutput).isZero();
        assertThat(sweepOutput).contains("Troupe sweep against " + urlOf(output, "coordinator"));
        assertThat(sweepOutput.lines().map(ROW::matcher).filter(Matcher::matches).toList()).hasSize(1)
                .allSatisfy(row -> assertThat(row.group(4)).isEqualTo(row.group(5)))
                .allSatisfy(row -> assertThat(row.group(18)).isEqualTo(row.group(19)));
        // And with agents plentiful (3 for tiny's widest level of 3), the run's critical path is a DAG chain
        String metrics = urlOf(output, "metrics");
        JsonNode runs = getJson(metrics + "/api/runs/metrics");
        assertThat(runs).hasSize(1);
        String runId = runs.get(0).get("runId").asText();
        JsonNode path = getJson(metrics + "/api/runs/" + runId + "/critical-path");
        assertThat(path.get("matchesDag").asBoolean()).as(path.toPrettyString()).isTrue();
        assertThat(path.get("chain").findValuesAsText("taskId")).as(path.toPrettyString())
                .hasSize(3).startsWith("t1").endsWith("t5");
        assertThat(path.get("dagCriticalPath").size()).isEqualTo(3);
        // And the run is one trace that the services exported to the metrics service
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<String> names = List.of();
        while (Instant.now().isBefore(deadline) && !names.containsAll(List.of("run", "queue.wait",
                "invoke_agent agent-1", "chat simulated-constant", "execute_tool complete_task"))) {
            troupe.waitFor(250, TimeUnit.MILLISECONDS);
            names = spanNames(metrics, runId);
        }
        assertThat(names).contains("run", "task", "queue.wait", "invoke_agent agent-1", "chat simulated-constant",
                "execute_tool complete_task");
        assertThat(names.stream().filter("task"::equals)).hasSize(5);

        // And a directory of the paper's task lists, without solutions, is imported with `troupe suites import`
        String coordinator = urlOf(output, "coordinator");
        Path lists = SuitesCommandTest.paperDirectory(runDir.resolve("paper"));
        Path importOut = runDir.resolve("import.out");
        Process imported = troupe(importOut, Map.of(SweepCommand.TOKEN_ENV, operatorToken), "suites", "import",
                lists.toString(), "--coordinator", coordinator);
        assertThat(imported.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(imported.exitValue()).as(Files.readString(importOut)).isZero();
        assertThat(getJson(coordinator + "/api/suites").findValuesAsText("id"))
                .contains("paper-p02", "paper-p05", "paper-p09");
        JsonNode p02 = getJson(coordinator + "/api/suites/paper-p02");
        assertThat(p02.get("sharedFiles").asBoolean()).isTrue();
        assertThat(p02.get("repository").asText()).isEqualTo("calc");
        assertThat(JSON.convertValue(p02.get("tests"), List.class)).containsExactly("conftest.py", "test_p02.py");
        // and a simulated run of one is refused, naming what is missing
        HttpResponse<String> simulated = HTTP.send(HttpRequest.newBuilder(URI.create(coordinator + "/api/runs"))
                .header("Authorization", "Bearer " + operatorToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"suite\": \"paper-p09\", \"agents\": 1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(simulated.statusCode()).as(simulated.body()).isEqualTo(409);
        assertThat(JSON.readTree(simulated.body()).get("type").asText())
                .isEqualTo(io.troupe.protocol.problem.ProblemType.SUITE_WITHOUT_SOLUTIONS.uri());
        assertThat(JSON.convertValue(JSON.readTree(simulated.body()).get("missingSolutions"), List.class))
                .contains("solutions/1/calc/core.py", "solutions/3/calc/extra.py");

        // When the user presses Ctrl-C (the JVM sees the same shutdown as on SIGINT)
        troupe.destroy();

        // Then
        assertThat(troupe.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertNoProcessUses(runDir);
    }

    private Process troupe(String... args) throws IOException {
        return troupe(runDir.resolve("troupe.out"), Map.of(), args);
    }

    private static Process troupe(Path out, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TroupeCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The operator's token of the stack under test, from its credentials file. */
    private static volatile String operatorToken;

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + operatorToken).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The names of the run's spans the metrics service has received so far (none while it knows no trace). */
    private static List<String> spanNames(String metrics, String runId) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(metrics + "/api/runs/" + runId + "/spans"))
                .header("Authorization", "Bearer " + operatorToken)
                .GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() != 200 ? List.of() : JSON.readTree(response.body()).findValuesAsText("name");
    }

    private static String urlOf(String upOutput, String service) {
        Matcher m = Pattern.compile("(?m)^" + service + "\\s+(\\S+)$").matcher(upOutput);
        assertThat(m.find()).as("%s's URL in:%n%s", service, upOutput).isTrue();
        return m.group(1);
    }

    private static void awaitLine(Process process, Path out, String text, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!Files.readString(out).contains(text)) {
            assertThat(process.isAlive()).as("troupe exited early:%n%s", Files.readString(out)).isTrue();
            assertThat(Instant.now()).as("'%s' within %s:%n%s", text, timeout, Files.readString(out))
                    .isBefore(deadline);
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
    }

    /** Every child of a stack has its run directory on its command line. */
    private static void assertNoProcessUses(Path runDir) {
        String dir = runDir.toAbsolutePath().toString();
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(dir)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
        assertThat(left).as("processes left behind").isEmpty();
    }
}
