package io.troupe.workspace.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pytest fork server on its own, with a real python3 and pytest: no Quarkus. */
class PytestForkServerTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final int OUTPUT = 65536;
    /** A test that writes its pid to the file {@code started}, then hangs. */
    private static final String HANG = """
            import os, time

            def test_hangs():
                with open("started.tmp", "w") as f:
                    f.write(str(os.getpid()))
                os.rename("started.tmp", "started")
                time.sleep(600)
            """;
    /**
     * Python that starts a sleeper marked on its command line through a parent that exits at once:
     * Java cannot see the orphan as a descendant of the run, only its process group ties it to it.
     */
    private static final String ORPHAN = """
            import os, subprocess, sys, time

            MARKER = "%s"

            def leave_orphan():
                subprocess.run([sys.executable, "-c", "import subprocess, sys; subprocess.Popen([sys.executable, "
                                "'-c', 'import time; time.sleep(600)', sys.argv[1]])", MARKER], check=True)

            def marked():
                count = 0
                for pid in os.listdir("/proc"):
                    try:
                        with open("/proc/%%s/cmdline" %% pid, "rb") as f:
                            count += MARKER.encode() in f.read()
                    except (OSError, ValueError):
                        pass
                return count
            """;

    @TempDir
    Path dir;

    private Map<String, String> env;
    private PytestForkServer server;

    @BeforeEach
    void start() {
        env = new TreeMap<>(ProcessRunner.scrubbedEnvironment(System.getenv()));
        env.put("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1");
        server = PytestForkServer.forPython3(env, LocalTestRunner.FORKED_MAX_FILE_BYTES).orElseThrow();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void concurrentRunsEachGetTheirOwnResult() throws Exception {
        // Given: four projects whose test waits until all four runs are inside a test at once,
        // and whose number of passing tests differs (i + 1)
        Path together = Files.createDirectory(dir.resolve("together"));
        List<Path> projects = IntStream.range(0, 4).mapToObj(i -> project("p" + i, Map.of(
                "tests/test_meet.py", """
                        import os, time

                        def test_all_four_run_at_once():
                            open(os.path.join(%s, "%d"), "w").close()
                            deadline = time.monotonic() + 30
                            while len(os.listdir(%s)) < 4:
                                assert time.monotonic() < deadline, "the runs did not run at once"
                                time.sleep(0.01)
                        """.formatted(quoted(together), i, quoted(together)),
                "tests/test_count.py", "import pytest\n\n@pytest.mark.parametrize('n', range(%d))\n"
                        .formatted(i) + "def test_n(n):\n    assert n >= 0\n"))).toList();

        // When: all four are run at once
        List<ProcessRunner.Outcome> outcomes;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            var runs = projects.stream().map(p -> CompletableFuture.supplyAsync(() -> run(p, "-q"), pool)).toList();
            outcomes = runs.stream().map(CompletableFuture::join).map(Optional::orElseThrow).toList();
        }

        // Then
        for (int i = 0; i < 4; i++) {
            var outcome = outcomes.get(i);
            assertThat(outcome.exitCode()).as(outcome.output()).isZero();
            assertThat(outcome.output()).contains((i + 1) + " passed");
            assertThat(JUnitReport.read(projects.get(i).resolveSibling(projects.get(i).getFileName() + ".xml")))
                    .get().extracting(JUnitReport::passed).isEqualTo(i + 1);
        }
    }

    @Test
    void moduleStateOfOneRunIsNotSeenByTheNext() {
        // Given: a test that finds a module global, an attribute of the pre-imported pytest module and
        // an environment variable untouched, then changes all three
        String leaky = """
                import os, pytest, state

                def test_finds_everything_fresh_then_changes_it():
                    assert state.seen == []
                    assert not hasattr(pytest, "troupe_leak")
                    assert "TROUPE_LEAK" not in os.environ
                    state.seen.append(1)
                    pytest.troupe_leak = True
                    os.environ["TROUPE_LEAK"] = "1"
                """;
        Path first = project("first", Map.of("state.py", "seen = []\n", "tests/test_leak.py", leaky));
        Path second = project("second", Map.of("state.py", "seen = []\n", "tests/test_leak.py", leaky));

        // When
        var one = run(first, "-q").orElseThrow();
        var two = run(second, "-q").orElseThrow();
        var again = run(first, "-q").orElseThrow();

        // Then
        assertThat(List.of(one, two, again)).allSatisfy(outcome -> {
            assertThat(outcome.exitCode()).as(outcome.output()).isZero();
            assertThat(outcome.output()).contains("1 passed");
        });
    }

    @Test
    void aServerThatDiesDuringARunIsReplacedAndTheNextRunIsRight() throws Exception {
        // Given: a run whose test writes its pid, then hangs
        Path hung = project("hung", Map.of("tests/test_hang.py", HANG));
        var running = CompletableFuture.supplyAsync(() -> run(hung, "-q"));
        Path started = hung.resolve("started");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started));
        long child = Long.parseLong(Files.readString(started).trim());
        long first = server.pid().orElseThrow();

        // When: the server is killed
        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        // Then: the run in flight says so (its caller runs it as a subprocess) and its test was killed
        assertThat(running.get()).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !PytestTestRuns.running(child));
        // and the next run gets a new server and the right result
        Path ok = project("ok", Map.of("tests/test_ok.py", "def test_ok():\n    assert True\n",
                "tests/test_bad.py", "def test_bad():\n    assert False\n"));
        var next = run(ok, "-q").orElseThrow();
        assertThat(next.exitCode()).isEqualTo(1);
        assertThat(next.output()).contains("1 failed, 1 passed");
        assertThat(server.pid()).isPresent().isNotEqualTo(java.util.OptionalLong.of(first));
    }

    @Test
    void closingTheServerEndsTheRunsInFlightWithoutRunningThemAgain() throws Exception {
        // Given: a run whose test writes its pid, then hangs
        Path hung = project("hung", Map.of("tests/test_hang.py", HANG));
        var running = CompletableFuture.supplyAsync(() -> run(hung, "-q"));
        Path started = hung.resolve("started");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started));
        long child = Long.parseLong(Files.readString(started).trim());

        // When
        server.close();

        // Then
        var outcome = running.get().orElseThrow();
        assertThat(outcome.exitCode()).isEqualTo(-1);
        assertThat(outcome.output()).contains("the workspace service is stopping");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !PytestTestRuns.running(child));
    }

    @Test
    void aHungRunIsKilledWithAnOrphanedGrandchildAtTheTimeLimit() {
        // Given: a test that leaves a process marked on its command line whose parent has exited (only
        // its process group still ties it to the run), then sleeps
        String marker = "troupe-fork-hang-" + UUID.randomUUID();
        Path hung = project("hung", Map.of("tests/test_hang.py", ORPHAN.formatted(marker) + """

                def test_hangs():
                    leave_orphan()
                    print("orphan started", flush=True)
                    time.sleep(600)
                """));

        // When
        var outcome = server.run(List.of("-s"), hung, dir.resolve("hung.out"), Duration.ofSeconds(3), OUTPUT)
                .orElseThrow();

        // Then: SIGKILL, reported as Java reports a killed process
        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.exitCode()).isEqualTo(128 + 9);
        assertThat(outcome.durationMillis()).isBetween(3_000L, 30_000L);
        assertThat(outcome.output()).contains("orphan started");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> PytestTestRuns.processesMarked(marker).isEmpty());
    }

    @Test
    void aBackgroundProcessLeftByARunEndsWithTheRun() {
        // Given: a passing test that leaves an orphaned process behind
        String marker = "troupe-fork-leftover-" + UUID.randomUUID();
        Path leaving = project("leaving", Map.of("tests/test_leave.py", ORPHAN.formatted(marker) + """

                def test_leaves_a_process():
                    leave_orphan()
                    deadline = time.monotonic() + 30
                    while marked() == 0:
                        assert time.monotonic() < deadline
                        time.sleep(0.01)
                """));

        // When
        var outcome = run(leaving, "-q").orElseThrow();

        // Then
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> PytestTestRuns.processesMarked(marker).isEmpty());
    }

    @Test
    void exitCodesAreThoseOfPythonMPytest() {
        // Given
        Path empty = project("empty", Map.of("README", "no tests here\n"));
        Path aborting = project("aborting", Map.of("tests/test_abort.py",
                "import os\n\ndef test_aborts():\n    os.abort()\n"));
        Path exiting = project("exiting", Map.of("conftest.py", "import os\nos._exit(7)\n"));

        // When / Then: no tests collected, a usage error, a signal death (128 + SIGABRT), an exit of the process
        assertThat(run(empty, "-q").orElseThrow().exitCode()).isEqualTo(5);
        assertThat(run(empty, "--no-such-option").orElseThrow().exitCode()).isEqualTo(4);
        assertThat(run(aborting, "-q").orElseThrow().exitCode()).isEqualTo(128 + 6);
        assertThat(run(exiting, "-q").orElseThrow().exitCode()).isEqualTo(7);
    }

    @Test
    void outputIsCappedToItsTailAndFilesToTheLimit() {
        // Given: a failing test that prints 5 MB, and one that writes past the file size limit
        Path noisy = project("noisy", Map.of("tests/test_noisy.py", """
                def test_prints_a_lot():
                    for i in range(100000):
                        print("line %d of a noisy test run" % i)
                    assert False
                """));
        try (PytestForkServer small = PytestForkServer.forPython3(env, 1 << 20).orElseThrow()) {
            Path huge = project("huge", Map.of("tests/test_huge.py", """
                    import pytest

                    def test_cannot_write_past_the_limit():
                        with pytest.raises(OSError):
                            with open("big", "wb") as f:
                                for _ in range(4):
                                    f.write(b"x" * (1 << 20))
                    """));

            // When
            var capped = run(noisy, "-q").orElseThrow();
            var limited = small.run(List.of("-q"), huge, dir.resolve("huge.out"), LIMIT, OUTPUT).orElseThrow();

            // Then
            assertThat(capped.exitCode()).isEqualTo(1);
            assertThat(capped.output()).startsWith("[").contains("earlier bytes of output dropped")
                    .contains("line 99999 of a noisy test run").contains("1 failed");
            assertThat(capped.output().length()).isLessThan(OUTPUT + 100);
            assertThat(limited.exitCode()).as(limited.output()).isZero();
        }
    }

    @Test
    void aServerThatCannotStartMakesEveryRunFallBack() {
        // Given: an "interpreter" that exits at once
        try (PytestForkServer broken = new PytestForkServer(Path.of("/bin/false"), env, 1 << 20)) {
            Path ok = project("ok", Map.of("tests/test_ok.py", "def test_ok():\n    pass\n"));

            // When / Then
            assertThat(broken.run(List.of("-q"), ok, dir.resolve("a.out"), LIMIT, OUTPUT)).isEmpty();
            assertThat(broken.run(List.of("-q"), ok, dir.resolve("b.out"), LIMIT, OUTPUT)).isEmpty();
            assertThat(broken.pid()).isEmpty();
        }
    }

    @Test
    void onlyPythonMPytestOfTheServersInterpreterIsForked() throws IOException {
        // Given: a PATH on which python3 is the server's interpreter and python another program
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path python3 = Sandbox.onPath("python3", env.get("PATH")).orElseThrow();
        Files.createSymbolicLink(bin.resolve("python3"), python3);
        Files.createSymbolicLink(bin.resolve("python"), Path.of("/bin/true"));
        Map<String, String> onlyBin = new TreeMap<>(env);
        onlyBin.put("PATH", bin.toString());
        try (PytestForkServer gate = new PytestForkServer(bin.resolve("python3"), onlyBin, 1 << 20)) {
            // When / Then
            assertThat(gate.pytestArgs(List.of("python3", "-m", "pytest", "-q", "tests")))
                    .contains(List.of("-q", "tests"));
            assertThat(gate.pytestArgs(List.of("python3", "-m", "pytest"))).contains(List.of());
            assertThat(gate.pytestArgs(List.of("python", "-m", "pytest", "-q"))).isEmpty();
            assertThat(gate.pytestArgs(List.of("python3", "-X", "dev", "-m", "pytest"))).isEmpty();
            assertThat(gate.pytestArgs(List.of("python3", "-m", "unittest"))).isEmpty();
            assertThat(gate.pytestArgs(List.of("pytest", "-q"))).isEmpty();
            assertThat(gate.pytestArgs(List.of(python3.toString(), "-m", "pytest"))).isEmpty();
        }
    }

    /** Runs pytest with the JUnit report beside the project, as LocalTestRunner does. */
    private Optional<ProcessRunner.Outcome> run(Path project, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--junitxml=" + project.resolveSibling(project.getFileName() + ".xml"), "-p",
                "no:cacheprovider"));
        return server.run(all, project, project.resolveSibling(project.getFileName() + ".out"), LIMIT, OUTPUT);
    }

    private Path project(String name, Map<String, String> files) {
        try {
            Path root = Files.createDirectory(dir.resolve(name));
            for (var file : files.entrySet()) {
                Path target = root.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            return root;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String quoted(Path path) {
        return "\"" + path + "\"";
    }
}
