package io.troupe.stackit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.cli.TroupeCli;
import io.troupe.stackit.StackEnvironment.Service;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack from its images (scripts/build-images.sh, run first and cached): PostgreSQL, the
 * Kafka broker, the coordinator, workspace and metrics services and three agent containers on one
 * Docker network, configured as helm/troupe configures them ({@link StackEnvironment}). A sweep
 * through {@code troupe sweep --coordinator} completes with the right metrics; then a run survives
 * the agent, the coordinator and the broker being stopped and started under it.
 */
@ExtendWith(DockerRequired.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeStackIT {
    private static final String OPERATOR = "Bearer " + StackEnvironment.OPERATOR_TOKEN;
    /** suite, architecture, n, status, makespan, speedup, amdahl, tokens in/out, multiplier, conflicts, gap, tests. */
    /**
     * A cell's row of the sweep's table: suite, architecture, n, completed/runs, ... final tests
     * (runs passed / runs tested), check.
     */
    private static final Pattern ROW = Pattern.compile(
            "(\\S+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)/(\\d+)\\s+.*\\s(\\d+)/(\\d+)"
            + "\\s+(ok|ABOVE-LIMIT)");
    private static final int AGENTS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    private static ContainerStack stack;

    @TempDir
    static Path work;

    @BeforeAll
    static void startStack() throws Exception {
        buildImages();
        stack = ContainerStack.start(AGENTS);
        // Every agent container has announced itself to the coordinator.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                getJson(stack.url(Service.COORDINATOR) + "/api/agents").map(a -> a.get("agents").size())
                        .orElse(0) >= AGENTS);
    }

    @AfterAll
    static void stopStack() throws IOException {
        if (stack != null) {
            stack.saveLogs(REPO.resolve("troupe-stack-it/target/container-logs"));
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aSweepThroughTheCoordinatorCompletesWithTheCoordinatorsMetrics() throws Exception {
        // Given the images' own health checks agree with the probes the stack waited on
        for (String name : List.of(Service.COORDINATOR.host(), Service.WORKSPACE.host(), Service.METRICS.host(),
                StackEnvironment.KAFKA)) {
            await(name + " healthy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> stack.healthy(name));
        }

        // When
        Path out = work.resolve("sweep.out");
        Process sweep = troupe(out, "sweep", "--suites", "tiny", "--architectures", "preassigned,queue",
                "--agents", "1,2,3", "--reps", "1", "--model", "simulated-constant", "--latency-ms", "100",
                "--coordinator", stack.url(Service.COORDINATOR), "--metrics", stack.url(Service.METRICS),
                "--workspace", stack.url(Service.WORKSPACE), "--no-warm-up",
                "--run-dir", work.resolve("sweep").toString());

        // Then every run of the table completed, and its final tests passed
        assertThat(sweep.waitFor(8, TimeUnit.MINUTES)).as("the sweep ends; output:%n%s", read(out)).isTrue();
        String output = read(out);
        assertThat(sweep.exitValue()).as(output).isZero();
        List<Matcher> rows = output.lines().map(ROW::matcher).filter(Matcher::matches).toList();
        assertThat(rows).as("rows of:%n%s", output).hasSize(6);
        for (Matcher row : rows) {
            assertThat(row.group(4)).as("runs completed: " + row.group()).isEqualTo(row.group(5));
            assertThat(Integer.parseInt(row.group(7))).as("runs whose final tests ran: " + row.group()).isPositive();
            assertThat(row.group(6)).as("runs whose final tests passed: " + row.group()).isEqualTo(row.group(7));
        }
        // And the metrics service's figures of each run are the coordinator's
        JsonNode runs = getJson(stack.url(Service.METRICS) + "/api/runs/metrics").orElseThrow();
        assertThat(runs).hasSize(6);
        for (JsonNode metrics : runs) {
            assertMetricsAreTheCoordinators(metrics.get("runId").asText());
        }
    }

    @Test
    @Order(2)
    void aRunSurvivesTheAgentTheCoordinatorAndTheBrokerStoppingUnderIt() throws Exception {
        // Given a decentralized run of 20 tasks with short leases, slow enough to be hit three times
        String coordinator = stack.url(Service.COORDINATOR);
        JsonNode created = postJson(coordinator + "/api/runs", """
                {"suite": "numlib-p05", "agents": 3, "architecture": "decentralized",
                 "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 700},
                 "limits": {"runTimeout": "PT15M", "leaseDuration": "PT10S"}, "clock": "wall"}""");
        String runId = created.get("id").asText();
        List<String> faults = new ArrayList<>();

        // When an agent, then the coordinator, then the broker stop and start while it runs
        for (String victim : List.of(stack.agentNames().getFirst(), Service.COORDINATOR.host(),
                StackEnvironment.KAFKA)) {
            int done = awaitMoreDone(runId, faults.isEmpty() ? 1 : doneCount(runId) + 2);
            JsonNode before = run(runId).orElseThrow();
            assertThat(before.get("status").asText()).as("the run is still running when %s stops (%d done)", victim,
                    done).isEqualTo("RUNNING");
            stack.restart(victim);
            faults.add(victim + " at " + done + " done");
            if (victim.equals(Service.COORDINATOR.host())) {
                await("coordinator ready again").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> status(stack.url(Service.COORDINATOR) + "/q/health/ready") == 200);
            } else if (victim.equals(StackEnvironment.KAFKA)) {
                await("broker healthy again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                        .until(() -> stack.healthy(StackEnvironment.KAFKA));
            }
        }

        // Then the run completes, every task DONE exactly once
        await("run " + runId + " ends").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> run(runId).map(r -> !r.get("status").asText().equals("RUNNING")).orElse(false));
        JsonNode run = run(runId).orElseThrow();
        System.out.printf("fault test: run %s %s after faults %s; incidents %s%n", runId, run.get("status").asText(),
                faults, run.get("incidents"));
        assertThat(run.get("status").asText()).as(run.toPrettyString()).isEqualTo("COMPLETED");
        assertThat(run.get("tasks")).hasSize(20).allSatisfy(t -> assertThat(t.get("state").asText())
                .as(t.toString()).isEqualTo("DONE"));
        // The run's end is the coordinator's word; its last TaskDone reaches the metrics service through the outbox
        // relay, which may still be backing off after the broker came back: wait for it (at least once, in order).
        java.util.concurrent.atomic.AtomicReference<List<String>> doneEvents = new java.util.concurrent.atomic
                .AtomicReference<>(List.of());
        await("every TaskDone of run " + runId + " in the metrics service").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    doneEvents.set(StreamSupport.stream(getJson(stack.url(Service.METRICS)
                                    + "/api/exports/events.json?run=" + runId).orElseThrow().spliterator(), false)
                            .filter(e -> e.get("type").asText().equals("io.troupe.task-done"))
                            .map(e -> e.get("event").get("taskId").asText()).toList());
                    return doneEvents.get().size() >= 20;
                });
        assertThat(doneEvents.get()).as("TaskDone events, one per task").hasSize(20).doesNotHaveDuplicates();
        // And the metrics service, which lost its broker for a while, ends with the coordinator's figures
        assertMetricsAreTheCoordinators(runId);
    }

    /** The metrics service's figures of a run are the coordinator's (awaited: they come over Kafka). */
    private static void assertMetricsAreTheCoordinators(String runId) {
        await("metrics of " + runId + " match the coordinator").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    JsonNode truth = run(runId).orElseThrow();
                    JsonNode metrics = getJson(stack.url(Service.METRICS) + "/api/runs/" + runId + "/metrics")
                            .orElseThrow(() -> new AssertionError("metrics of " + runId));
                    long done = StreamSupport.stream(truth.get("tasks").spliterator(), false)
                            .filter(t -> t.get("state").asText().equals("DONE")).count();
                    assertThat(metrics.get("status").asText()).isEqualTo(truth.get("status").asText());
                    assertThat(metrics.get("agents").asInt()).isEqualTo(truth.get("agents").asInt());
                    assertThat(metrics.get("taskCount").asInt()).isEqualTo(truth.get("tasks").size());
                    assertThat(metrics.get("tasksDone").asLong()).isEqualTo(done);
                    JsonNode incidents = truth.get("incidents");
                    for (String incident : List.of("claimConflicts", "blockedClaims", "staleLeases", "leaseExpiries")) {
                        assertThat(metrics.get(incident).asInt()).as(incident)
                                .isEqualTo(incidents.get(incident).asInt());
                    }
                    assertThat(metrics.get("makespanSeconds").asDouble()).isPositive();
                });
    }

    private static int awaitMoreDone(String runId, int atLeast) {
        await(runId + " has " + atLeast + " tasks done").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(300)).until(() -> doneCount(runId) >= atLeast);
        return doneCount(runId);
    }

    private static int doneCount(String runId) {
        return run(runId).map(r -> r.get("board").path("DONE").asInt()).orElse(0);
    }

    /** The coordinator's view of a run; empty while the coordinator does not answer (it may be restarting). */
    private static Optional<JsonNode> run(String runId) {
        try {
            return getJson(stack.url(Service.COORDINATOR) + "/api/runs/" + runId);
        } catch (IOException | IllegalStateException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
                OPERATOR).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", OPERATOR)
                            .timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static JsonNode postJson(String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", OPERATOR).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    /** The troupe command as ./troupe runs it: the CLI's classes in a JVM of their own. */
    private static Process troupe(Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TroupeCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        // The CLI drives the stack as its operator.
        builder.environment().put("TROUPE_TOKEN", StackEnvironment.OPERATOR_TOKEN);
        return builder.start();
    }

    /** scripts/build-images.sh without Maven (the reactor built the modules): a no-op when the images are current. */
    private static void buildImages() throws IOException, InterruptedException {
        Path log = Files.createDirectories(REPO.resolve("troupe-stack-it/target")).resolve("build-images.log");
        Process build = new ProcessBuilder(REPO.resolve("scripts/build-images.sh").toString(), "--no-maven")
                .directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = build.waitFor(20, TimeUnit.MINUTES);
        assertThat(ended && build.exitValue() == 0).as("scripts/build-images.sh --no-maven:%n%s", read(log)).isTrue();
        System.out.print(read(log));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
