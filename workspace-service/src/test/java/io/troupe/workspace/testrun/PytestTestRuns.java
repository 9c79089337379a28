package io.troupe.workspace.testrun;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import io.troupe.testkit.TestEvents;
import io.troupe.workspace.TestRunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * pytest test runs through the REST API, with the same inputs and the same expected results
 * (counts, failed tests, exit code) whichever way the service runs pytest: a subprocess per run
 * ({@link TestRunsIT}, inside bubblewrap) or a child of the pytest fork server
 * ({@link ForkServerTestRunsIT}). A difference between the two paths fails one of them.
 */
abstract class PytestTestRuns {
    /** The sandbox the runs of this test class report: the fork server's trusted mode, or bubblewrap. */
    String expectedSandbox() {
        return forked() ? "trusted" : "bwrap";
    }

    static final String PASSING = "def test_adds():\n    assert 1 + 1 == 2\n";
    static final String FAILING = "def test_subtracts():\n    assert 2 - 1 == 0\n";

    /** Whether this application runs pytest in children of the pytest fork server. */
    abstract boolean forked();

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
        assertThat(result.failedTests()).containsExactly("tests.test_bad::test_subtracts");
        var events = TestEvents.await(Topics.WORKSPACE_EVENTS, run,
                seen -> seen.stream().anyMatch(r -> r.event() instanceof TestRunCompleted), Duration.ofSeconds(30));
        assertThat(events).extracting(TestEvents.Received::event).filteredOn(TestRunCompleted.class::isInstance)
                .singleElement().isInstanceOfSatisfying(TestRunCompleted.class, e -> {
                    assertThat(e.testRunId()).isEqualTo(result.id());
                    assertThat(e.agentId()).isEqualTo("agent-1");
                    assertThat(e.passed()).isEqualTo(1);
                    assertThat(e.failed()).isEqualTo(1);
                    assertThat(e.sandbox()).isEqualTo(expectedSandbox());
                });
        assertThat(result.sandbox()).isEqualTo(expectedSandbox());
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
    void aSyntaxErrorIsACollectionError() {
        // Given
        String run = workspace();
        write(run, "tests/test_ok.py", PASSING);
        write(run, "tests/test_broken.py", "def test_broken(:\n    pass\n");

        // When
        TestRunResult result = testRun(run, null);

        // Then: pytest stops after collecting (exit code 2), the broken module is the one error
        assertThat(List.of(result.passed(), result.failed(), result.errors(), result.exitCode()))
                .as(result.output()).containsExactly(0, 0, 1, 2);
        assertThat(result.failedTests()).containsExactly("tests.test_broken");
        assertThat(result.output()).contains("SyntaxError").contains("1 error");
    }

    @Test
    void aMissingModuleIsACollectionError() {
        // Given
        String run = workspace();
        write(run, "tests/test_ok.py", PASSING);
        write(run, "tests/test_missing.py", "import no_such_module_troupe\n\ndef test_never():\n    pass\n");

        // When
        TestRunResult result = testRun(run, null);

        // Then
        assertThat(List.of(result.passed(), result.failed(), result.errors(), result.exitCode()))
                .as(result.output()).containsExactly(0, 0, 1, 2);
        assertThat(result.failedTests()).containsExactly("tests.test_missing");
        assertThat(result.output()).contains("ModuleNotFoundError: No module named 'no_such_module_troupe'");
    }

    @Test
    void aLongOutputIsCutToItsTail() {
        // Given: a failing test that prints ~2 MB, more than the test-output-bytes the result keeps
        int kept = ConfigProvider.getConfig().getValue("troupe.workspace.test-output-bytes", Integer.class);
        String run = workspace();
        write(run, "tests/test_noisy.py", """
                def test_prints_a_lot():
                    for i in range(60000):
                        print("line %d of a noisy test run" % i)
                    assert False
                """);

        // When
        TestRunResult result = testRun(run, null);

        // Then: the end (pytest's summary) is kept, the start is counted as dropped
        assertThat(List.of(result.passed(), result.failed(), result.errors(), result.exitCode()))
                .containsExactly(0, 1, 0, 1);
        assertThat(result.output()).startsWith("[").contains("earlier bytes of output dropped]")
                .contains("line 59999 of a noisy test run").contains("1 failed in");
        assertThat(result.output().length()).isLessThan(kept + 100);
    }

    @Test
    void pytestRunsWhereThisApplicationSays() {
        // Given: a test that asserts whether its parent process is the pytest fork server
        String run = workspace();
        write(run, "tests/test_parent.py", """
                import os

                def test_parent():
                    try:
                        with open("/proc/%%d/cmdline" %% os.getppid(), "rb") as f:
                            parent = f.read()
                    except OSError:
                        parent = b""  # a parent outside this pid namespace (bubblewrap's)
                    assert (b"pytest_fork_server" in parent) == %s, parent
                """.formatted(forked() ? "True" : "False"));

        // When
        TestRunResult result = testRun(run, null);

        // Then
        assertThat(result.passed()).as(result.output()).isEqualTo(1);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aHungTestIsKilledWithItsChildrenAtTheTimeLimit() {
        // Given: a test that starts a child process marked on its command line, and sleeps for ten minutes
        String run = workspace();
        String marker = "troupe-hang-" + UUID.randomUUID();
        write(run, "tests/test_hang.py", """
                import subprocess, sys, time

                def test_hangs():
                    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "%s"])
                    time.sleep(600)
                """.formatted(marker));

        // When
        // A virtual thread inherits this thread's context class loader (Quarkus's), which RestAssured's
        // Jackson needs; a common-pool thread has the system one.
        CompletableFuture<TestRunResult> running = CompletableFuture.supplyAsync(() -> testRun(run, null),
                java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !processesMarked(marker).isEmpty());
        TestRunResult result = running.join();

        // Then
        assertThat(result.timedOut()).isTrue();
        assertThat(result.durationMillis()).isBetween(4_000L, 60_000L);
        assertThat(result.passed()).isZero();
        assertThat(result.errors()).isEqualTo(1);
        assertThat(result.exitCode()).isEqualTo(128 + 9);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(processesMarked(marker)).isEmpty());
    }

    /** Alive and not a zombie (an orphan a container's init has not reaped yet is dead already). */
    static boolean running(long pid) {
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

    /** Host processes (not zombies) whose command line contains {@code marker}. */
    static List<Long> processesMarked(String marker) {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
            try {
                return Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains(marker) && running(pid);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }).toList();
    }

    static String workspace() {
        return workspace("python3 -m pytest -q");
    }

    static String workspace(String testCommand) {
        String run = "run-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("testCommand", testCommand))
                .put("/api/runs/{run}", run).then().statusCode(201);
        return run;
    }

    static void write(String run, String path, String content) {
        given().contentType("text/plain").header("Troupe-Agent", "agent-1").header("If-None-Match", "*")
                .body(content).put("/api/runs/{run}/files/" + path, run).then().statusCode(201);
    }

    static TestRunResult testRun(String run, List<String> paths) {
        var request = given().header("Troupe-Agent", "agent-1");
        if (paths != null) {
            request = request.contentType(ContentType.JSON).body(Map.of("paths", paths));
        }
        return request.post("/api/runs/{run}/test-runs", run).then().statusCode(200).extract()
                .as(TestRunResult.class);
    }
}
