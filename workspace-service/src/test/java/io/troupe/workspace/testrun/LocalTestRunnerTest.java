package io.troupe.workspace.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same pytest projects through both local paths, without a sandbox: a subprocess per run
 * ({@code troupe.workspace.pytest-fork-server=false}) and a child of the pytest fork server.
 * Counts, failed tests, exit code and output (but for pytest's timing) must be the same.
 */
class LocalTestRunnerTest {
    private static final String PYTEST = "python3 -m pytest -q";
    private static LocalTestRunner subprocess;
    private static LocalTestRunner forked;

    @BeforeAll
    static void runners() {
        subprocess = new LocalTestRunner(Sandbox.trusted(), Duration.ofSeconds(60), 65536, false, false);
        forked = new LocalTestRunner(Sandbox.trusted(), Duration.ofSeconds(60), 65536, false, true);
    }

    @AfterAll
    static void close() {
        subprocess.close();
        forked.close();
    }

    @Test
    void passingTestsGiveTheSameResult() {
        sameResult(Map.of("tests/test_a.py", "def test_one():\n    pass\n\ndef test_two():\n    pass\n",
                "tests/test_b.py", "def test_three():\n    assert [1] == [1]\n"), List.of(), 3, 0, 0, 0);
    }

    @Test
    void aFailingTestGivesTheSameResultAndName() {
        var execution = sameResult(Map.of("tests/test_ok.py", "def test_adds():\n    assert 1 + 1 == 2\n",
                "tests/test_bad.py", "def test_subtracts():\n    assert 2 - 1 == 0\n"), List.of(), 1, 1, 0, 1);
        assertThat(execution.report().orElseThrow().failedTests()).containsExactly("tests.test_bad::test_subtracts");
    }

    @Test
    void aSyntaxErrorIsTheSameCollectionError() {
        sameResult(Map.of("tests/test_ok.py", "def test_ok():\n    pass\n",
                "tests/test_broken.py", "def test_broken(:\n    pass\n"), List.of(), 0, 0, 1, 2);
    }

    @Test
    void aMissingModuleIsTheSameCollectionError() {
        var execution = sameResult(Map.of("tests/test_missing.py",
                "import no_such_module_troupe\n\ndef test_never():\n    pass\n"), List.of(), 0, 0, 1, 2);
        assertThat(execution.outcome().output()).contains("ModuleNotFoundError");
    }

    @Test
    void modulesAtTheRootOfTheSnapshotAreImportedAsWithPythonM() {
        sameResult(Map.of("mylib.py", "def double(x):\n    return 2 * x\n",
                "tests/test_lib.py", "from mylib import double\n\ndef test_doubles():\n    assert double(2) == 4\n"),
                List.of(), 1, 0, 0, 0);
    }

    @Test
    void namedPathsSkipsAndXfailsGiveTheSameResult() {
        sameResult(Map.of("tests/conftest.py", "import pytest\n\n@pytest.fixture\ndef answer():\n    return 42\n",
                "tests/test_marks.py", """
                        import pytest

                        def test_fixture(answer):
                            assert answer == 42

                        @pytest.mark.skip(reason="not today")
                        def test_skipped():
                            pass

                        @pytest.mark.xfail
                        def test_expected_to_fail():
                            assert False
                        """,
                "tests/test_other.py", "def test_not_selected():\n    assert False\n"),
                List.of("tests/test_marks.py"), 1, 0, 0, 0);
    }

    @Test
    void aLongOutputGivesTheSameTail() {
        var execution = sameResult(Map.of("tests/test_noisy.py", """
                def test_prints_a_lot():
                    for i in range(20000):
                        print("line %d of a noisy test run" % i)
                    assert False
                """), List.of(), 0, 1, 0, 1);
        assertThat(execution.outcome().output()).startsWith("[").contains("earlier bytes of output dropped");
    }

    @Test
    void onlyTheForkServerPathRunsPytestInAForkedChild() {
        // Given: a test that prints its parent's command line
        var snapshot = Map.of("tests/test_parent.py", """
                import os

                def test_parent():
                    with open("/proc/%d/cmdline" % os.getppid(), "rb") as f:
                        print("parent:", f.read().replace(b"\\0", b" ").decode())
                """);

        // When
        var viaSubprocess = subprocess.run("s", List.of("python3", "-m", "pytest", "-s"),
                Snapshot.of("run", snapshot));
        var viaFork = forked.run("f", List.of("python3", "-m", "pytest", "-s"), Snapshot.of("run", snapshot));
        var notPytest = forked.run("c", List.of("python3", "-c",
                "import os; print('parent:', open('/proc/%d/cmdline' % os.getppid()).read())"),
                Snapshot.of("run", snapshot));

        // Then
        assertThat(viaFork.outcome().output()).contains("parent:").contains("pytest_fork_server.py");
        assertThat(viaSubprocess.outcome().output()).contains("parent:").doesNotContain("pytest_fork_server");
        assertThat(notPytest.outcome().output()).contains("parent:").doesNotContain("pytest_fork_server");
    }

    /** Runs the snapshot both ways, checks both against the expected counts and each other; the forked run. */
    private static TestRunner.TestExecution sameResult(Map<String, String> snapshot, List<String> paths, int passed,
                                                       int failed, int errors, int exitCode) {
        List<String> command = new ArrayList<>(List.of(PYTEST.split(" ")));
        command.addAll(paths);
        var viaSubprocess = subprocess.run("s", command, Snapshot.of("run", snapshot));
        var viaFork = forked.run("f", command, Snapshot.of("run", snapshot));
        for (var execution : List.of(viaSubprocess, viaFork)) {
            var outcome = execution.outcome();
            assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(exitCode);
            assertThat(outcome.timedOut()).isFalse();
            assertThat(execution.report()).as(outcome.output()).get().satisfies(report -> {
                assertThat(report.passed()).isEqualTo(passed);
                assertThat(report.failed()).isEqualTo(failed);
                assertThat(report.errors()).isEqualTo(errors);
            });
        }
        assertThat(viaFork.report()).isEqualTo(viaSubprocess.report());
        assertThat(comparable(viaFork.outcome().output())).isEqualTo(comparable(viaSubprocess.outcome().output()));
        return viaFork;
    }

    /** The output without what differs between any two runs: pytest's timing, the temporary directory. */
    private static String comparable(String output) {
        return output.replaceAll("in \\d+\\.\\d+s", "in <time>")
                .replaceAll("troupe-test-runs-\\d+/runs/\\d+", "troupe-test-runs-<id>")
                .replaceAll("^\\[\\d+ earlier bytes of output dropped]\\n[^\\n]*\\n", "[dropped]\n");
    }
}
