package io.troupe.workspace.testrun;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.TestEvents;
import io.troupe.workspace.TestRunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test runs: pytest on a snapshot of the heads, counted from its JUnit report, cut at the time limit. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class TestRunsIT {
    private static final String PASSING = "def test_adds():\n    assert 1 + 1 == 2\n";
    private static final String FAILING = "def test_subtracts():\n    assert 2 - 1 == 0\n";

    @TempDir
    Path scratch;

    @Test
    void aPytestProjectWrittenThroughTheApiIsCountedFromItsReport() {
        // Given
        String run = workspace();
        write(run, "tests/test_ok.py", PASSING);
        write(run, "tests/test_bad.py", FAILING);

        // When
        TestRunResult result = testRun(run, null);

        // Then
        assertThat(result.passed()).isEqualTo(1);
        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.errors()).isZero();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.output()).contains("1 failed, 1 passed");
        var events = TestEvents.await(Topics.WORKSPACE_EVENTS, run,
                seen -> seen.stream().anyMatch(r -> r.event() instanceof TestRunCompleted), Duration.ofSeconds(30));
        assertThat(events).extracting(TestEvents.Received::event).filteredOn(TestRunCompleted.class::isInstance)
                .singleElement().isInstanceOfSatisfying(TestRunCompleted.class, e -> {
                    assertThat(e.testRunId()).isEqualTo(result.id());
                    assertThat(e.agentId()).isEqualTo("agent-1");
                    assertThat(e.passed()).isEqualTo(1);
                    assertThat(e.failed()).isEqualTo(1);
                });
    }

    @Test
    void onlyTheNamedPathsRun() {
        // Given
        String run = workspace();
        write(run, "tests/test_ok.py", PASSING);
        write(run, "tests/test_bad.py", FAILING);

        // When
        TestRunResult result = testRun(run, List.of("tests/test_ok.py"));

        // Then
        assertThat(result.passed()).isEqualTo(1);
        assertThat(result.failed()).isZero();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aHungTestIsKilledWithItsChildrenAtTheTimeLimit() throws IOException {
        // Given: a test that starts a child process, records both pids, and sleeps for ten minutes
        String run = workspace();
        Path pids = scratch.resolve("pids-" + UUID.randomUUID());
        write(run, "tests/test_hang.py", """
                import os, subprocess, time

                def test_hangs():
                    child = subprocess.Popen(["sleep", "600"])
                    with open(%s, "w") as f:
                        f.write(f"{os.getpid()} {child.pid}")
                    time.sleep(600)
                """.formatted("\"" + pids + "\""));

        // When
        TestRunResult result = testRun(run, null);

        // Then
        assertThat(result.timedOut()).isTrue();
        assertThat(result.durationMillis()).isBetween(4_000L, 60_000L);
        assertThat(result.passed()).isZero();
        assertThat(pids).exists();
        List<Long> started = List.of(Files.readString(pids).trim().split(" ")).stream().map(Long::valueOf).toList();
        assertThat(started).hasSize(2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(started).noneMatch(TestRunsIT::running));
    }

    @Test
    void testRunErrorsAreProblems() {
        given().post("/api/runs/{run}/test-runs", "run-" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("type", endsWith("/run-not-found"));
        String run = workspace();
        given().contentType(ContentType.JSON).body(Map.of("paths", List.of("--junitxml=/tmp/x.xml")))
                .post("/api/runs/{run}/test-runs", run).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("may not start with '-'"));
        given().contentType(ContentType.JSON).body(Map.of("paths", List.of("../outside.py")))
                .post("/api/runs/{run}/test-runs", run).then().statusCode(400)
                .body("type", endsWith("/invalid-path"));
    }

    /** Alive and not a zombie (an orphan a container's init has not reaped yet is dead already). */
    private static boolean running(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private static String workspace() {
        String run = "run-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("testCommand", "python3 -m pytest -q"))
                .put("/api/runs/{run}", run).then().statusCode(201);
        return run;
    }

    private static void write(String run, String path, String content) {
        given().contentType("text/plain").header("Troupe-Agent", "agent-1").header("If-None-Match", "*")
                .body(content).put("/api/runs/{run}/files/" + path, run).then().statusCode(201);
    }

    private static TestRunResult testRun(String run, List<String> paths) {
        var request = given().header("Troupe-Agent", "agent-1");
        if (paths != null) {
            request = request.contentType(ContentType.JSON).body(Map.of("paths", paths));
        }
        return request.post("/api/runs/{run}/test-runs", run).then().statusCode(200).extract()
                .as(TestRunResult.class);
    }
}
