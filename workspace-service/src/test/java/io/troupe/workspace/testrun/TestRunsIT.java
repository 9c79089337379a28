package io.troupe.workspace.testrun;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.workspace.TestRunResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test runs: pytest on a snapshot of the heads, counted from its JUnit report, cut at the time
 * limit, inside bubblewrap (the test profile requires it: troupe.workspace.sandbox=bwrap), where
 * each run is a subprocess; the pytest runs of {@link PytestTestRuns}, plus what only the sandbox
 * and other commands do.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class TestRunsIT extends PytestTestRuns {

    @Override
    boolean forked() {
        return false;
    }

    @TempDir
    Path scratch;

    @Test
    void atMostKTestRunsRunAtOnceAndTheOthersWaitForASlot() {
        // Given: K slots, and K + 2 runs of a test command that takes 2 s
        int k = ConfigProvider.getConfig().getValue("troupe.workspace.max-concurrent-test-runs", Integer.class);
        String run = workspace("sleep 2");

        // When: all are requested at once
        List<CompletableFuture<TestRunResult>> requests = java.util.stream.IntStream.range(0, k + 2)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> testRun(run, null),
                        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()))
                .toList();
        List<TestRunResult> results = requests.stream().map(CompletableFuture::join).toList();

        // Then: by the server's own clock, no more than K held a slot at any moment
        assertThat(results).allSatisfy(r -> {
            assertThat(r.passed()).as(r.output()).isEqualTo(1);
            assertThat(r.startedAt()).isNotNull();
            assertThat(r.finishedAt()).isAfterOrEqualTo(r.startedAt());
            assertThat(Duration.between(r.startedAt(), r.finishedAt()).toMillis())
                    .isGreaterThanOrEqualTo(r.durationMillis());
        });
        assertThat(mostAtOnce(results)).isLessThanOrEqualTo(k).isPositive();
        // and the limit was reached: requested together, some runs waited for a slot (for about a round)
        assertThat(results).as("K + 2 runs of 2 s in K slots take two rounds")
                .filteredOn(r -> r.queuedMillis() >= 1000).isNotEmpty();
    }

    @Test
    void queuedTestRunsBeyondTheCapAreRefusedAndNoneWedgesFilesOrHealth() {
        // Given: every slot taken by a looping test, and as many waiting as the cap allows
        int slots = ConfigProvider.getConfig().getValue("troupe.workspace.max-concurrent-test-runs", Integer.class);
        int cap = ConfigProvider.getConfig().getValue("troupe.workspace.max-queued-test-runs-per-run", Integer.class);
        String looping = workspace("sh -c 'while :; do :; done'");
        var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        List<CompletableFuture<TestRunResult>> running = java.util.stream.IntStream.range(0, slots + cap)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> testRun(looping, null), executor)).toList();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> given()
                .post("/api/runs/{run}/test-runs", looping).then().extract().statusCode() == 429);

        // When: one more is asked for, and the run's files and the service's health are used meanwhile
        var refused = given().post("/api/runs/{run}/test-runs", looping).then();
        long start = System.nanoTime();
        write(looping, "notes.txt", "still writable");
        given().get("/api/runs/{run}/files/notes.txt", looping).then().statusCode(200).body(containsString("writable"));
        given().get("/q/health/ready").then().statusCode(200);
        long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // Then
        refused.statusCode(429).contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers
                .matchesPattern("[1-9][0-9]*")).body("type", endsWith("/too-many-test-runs"));
        assertThat(millis).as("a write, a read and a health check while test runs loop").isLessThan(3000);
        assertThat(running.stream().map(CompletableFuture::join).toList()).allSatisfy(r -> {
            assertThat(r.end()).isIn(io.troupe.workspace.TestRunEnd.TIME_LIMIT,
                    io.troupe.workspace.TestRunEnd.CPU_LIMIT);
            assertThat(r.sandbox()).isEqualTo("bwrap");
        });
    }

    /** The largest number of results whose slot times overlap at one instant. */
    private static int mostAtOnce(List<TestRunResult> results) {
        record Edge(java.time.Instant at, int delta) {
        }
        List<Edge> edges = new java.util.ArrayList<>();
        results.forEach(r -> {
            edges.add(new Edge(r.startedAt(), 1));
            edges.add(new Edge(r.finishedAt(), -1));
        });
        // at equal times a slot given back counts before one taken
        edges.sort(java.util.Comparator.comparing(Edge::at).thenComparingInt(Edge::delta));
        int now = 0;
        int most = 0;
        for (Edge e : edges) {
            now += e.delta();
            most = Math.max(most, now);
        }
        return most;
    }

    @Test
    void codeUnderTestRunsUnprivilegedWithoutNetworkAndCanWriteOnlyItsSnapshot() throws IOException {
        // Given: a socket listening on this host, and a file path outside the snapshot
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            listener.configureBlocking(false);
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            Path outside = Path.of("target", "escape-" + UUID.randomUUID() + ".txt").toAbsolutePath();
            Path outsideInTmp = scratch.resolve("escape.txt");
            String run = workspace();
            write(run, "tests/test_sandbox.py", """
                    import os, socket
                    import pytest

                    def test_cannot_connect_to_the_host():
                        with pytest.raises(OSError):
                            socket.create_connection(("127.0.0.1", %d), timeout=3)

                    @pytest.mark.parametrize("path", ["%s", "%s", "/usr/escape.txt"])
                    def test_cannot_write_outside_the_snapshot(path):
                        with pytest.raises(OSError):
                            with open(path, "w") as f:
                                f.write("escaped")

                    def test_runs_as_nobody():
                        assert os.getuid() == 65534

                    def test_can_write_in_its_snapshot():
                        with open("inside.txt", "w") as f:
                            f.write("ok")
                    """.formatted(port, outside, outsideInTmp));

            // When
            TestRunResult result = testRun(run, null);

            // Then
            assertThat(result.failed()).as(result.output()).isZero();
            assertThat(result.passed()).as(result.output()).isEqualTo(6);
            assertThat(listener.accept()).as("a connection reached the host").isNull();
            assertThat(outside).doesNotExist();
            assertThat(outsideInTmp).doesNotExist();
        }
    }

    @Test
    void aCrashingOrMissingTestCommandIsAResult() {
        // Given
        String crashing = workspace("python3 -c 'import os; os.abort()'");
        String missing = workspace("no-such-test-command-xyz --all");

        // When
        TestRunResult crashed = testRun(crashing, null);
        TestRunResult notStarted = testRun(missing, null);

        // Then
        assertThat(crashed.exitCode()).isNotZero();
        assertThat(crashed.passed()).isZero();
        assertThat(crashed.failed() + crashed.errors()).isEqualTo(1);
        assertThat(notStarted.exitCode()).isEqualTo(127);
        assertThat(notStarted.errors()).isEqualTo(1);
        assertThat(notStarted.output()).contains("no-such-test-command-xyz");
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

}
