package io.troupe.workspace.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.workspace.TestRunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test runs in containers of the test-runner image ({@code troupe.workspace.sandbox=docker}): the
 * pytest runs of {@link PytestTestRuns}, then hostile tests, each contained: network egress, the
 * service's environment, writes outside the work directory, a fork bomb, a memory hog and an
 * endless loop. Needs a Docker engine and the image (scripts/build-images.sh); without them the
 * class is skipped with a banner, or fails when {@code CI=true} or {@code TROUPE_REQUIRE_DOCKER=1}.
 */
@QuarkusTest
@TestProfile(DockerTestRunsIT.DockerSandbox.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@ExtendWith(DockerTestRunsIT.EngineAndImage.class)
class DockerTestRunsIT extends PytestTestRuns {
    @Override
    String expectedSandbox() {
        return "docker";
    }

    static final String IMAGE = "troupe/test-runner:0.1.0";

    public static class DockerSandbox implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troupe.workspace.sandbox", "docker", "troupe.workspace.docker.image", IMAGE,
                    "troupe.workspace.docker.memory", "128m", "troupe.workspace.docker.pids", "64");
        }
    }

    @TempDir
    Path scratch;

    @Override
    boolean forked() {
        return false;
    }

    @Test
    void aTestRunsAsNobodyWithoutCapabilitiesOnAReadOnlyRoot() {
        String run = workspace();
        write(run, "tests/test_confined.py", """
                import os

                def status(field):
                    with open("/proc/self/status") as f:
                        return next(l.split()[1] for l in f if l.startswith(field + ":"))

                def test_confined():
                    assert (os.getuid(), os.getgid()) == (65534, 65534)
                    assert int(status("CapEff"), 16) == 0 and int(status("CapBnd"), 16) == 0
                    assert status("NoNewPrivs") == "1"
                    assert os.getcwd() == "/work"
                    with open("/proc/mounts") as f:
                        mounts = {l.split()[1]: l.split() for l in f}
                    assert "ro" in mounts["/"][3].split(","), mounts["/"]
                    assert mounts["/work"][2] == "tmpfs", mounts["/work"]
                """);

        TestRunResult result = testRun(run, null);

        assertThat(result.passed()).as(result.output()).isEqualTo(1);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void noNetworkLeavesTheContainer() {
        String run = workspace();
        write(run, "tests/test_egress.py", """
                import socket, pytest

                def test_no_route_out():
                    names = [n for _, n in socket.if_nameindex()]
                    assert names == ["lo"], names
                    for host, port in [("1.1.1.1", 53), ("172.17.0.1", 2375), ("deb.debian.org", 80)]:
                        with pytest.raises(OSError):
                            socket.create_connection((host, port), timeout=3).close()
                """);

        TestRunResult result = testRun(run, null);

        assertThat(result.passed()).as(result.output()).isEqualTo(1);
    }

    @Test
    void theServicesEnvironmentAndProcessesAreNotVisible() {
        String run = workspace();
        write(run, "tests/test_env.py", """
                import os

                def test_only_the_sandbox_environment():
                    allowed = {"HOME", "PATH", "HOSTNAME", "PYTHONDONTWRITEBYTECODE", "PYTEST_DISABLE_PLUGIN_AUTOLOAD",
                               "PYTEST_CURRENT_TEST", "PYTEST_VERSION", "LANG", "TERM", "PWD"}
                    assert set(os.environ) <= allowed, sorted(set(os.environ) - allowed)

                def test_no_process_of_the_host():
                    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
                    commands = []
                    for pid in pids:
                        try:
                            with open("/proc/%d/cmdline" % pid, "rb") as f:
                                commands.append(f.read())
                        except OSError:
                            pass
                    assert not any(b"java" in c or b"quarkus" in c for c in commands), commands
                    assert len(pids) < 10, commands
                """);

        TestRunResult result = testRun(run, null);

        assertThat(result.passed()).as(result.output()).isEqualTo(2);
    }

    @Test
    void nothingOutsideTheWorkDirectoryCanBeWritten() throws IOException {
        Path hostFile = scratch.resolve("escaped.txt");
        String run = workspace();
        write(run, "tests/test_write.py", """
                import pytest

                @pytest.mark.parametrize("path", ["/etc/troupe-escape", "/usr/troupe-escape", "/troupe-escape",
                                                  "/var/tmp/troupe-escape", "%s"])
                def test_refused(path):
                    with pytest.raises(OSError):
                        with open(path, "w") as f:
                            f.write("escaped")

                def test_work_and_tmp_are_writable():
                    for path in ["/work/out.txt", "/tmp/out.txt"]:
                        with open(path, "w") as f:
                            f.write("fine")
                """.formatted(hostFile));

        TestRunResult result = testRun(run, null);

        assertThat(result.passed()).as(result.output()).isEqualTo(6);
        assertThat(hostFile).doesNotExist();
    }

    @Test
    void aForkBombStopsAtThePidsLimit() {
        String run = workspace();
        write(run, "tests/test_forks.py", """
                import os, signal, time

                def test_fork_until_refused():
                    children = []
                    try:
                        for _ in range(2000):
                            pid = os.fork()
                            if pid == 0:
                                time.sleep(60)
                                os._exit(0)
                            children.append(pid)
                        refused = False
                    except OSError:
                        refused = True
                    for pid in children:
                        os.kill(pid, signal.SIGKILL)
                    for pid in children:
                        os.waitpid(pid, 0)
                    assert refused and len(children) < 64, len(children)
                """);

        TestRunResult result = testRun(run, null);

        assertThat(result.passed()).as(result.output()).isEqualTo(1);
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void aMemoryHogIsStoppedAtTheMemoryLimit() {
        // Given: the container's memory limit, seen from inside, and a test that allocates 1 GiB
        String run = workspace();
        write(run, "tests/test_limit.py", """
                import os

                def test_the_cgroup_limit_is_the_configured_one():
                    for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]:
                        if os.path.exists(path):
                            with open(path) as f:
                                assert int(f.read()) == 128 << 20
                            return
                    raise AssertionError("no memory cgroup visible")
                """);
        TestRunResult limit = testRun(run, null);
        assertThat(limit.passed()).as(limit.output()).isEqualTo(1);
        write(run, "tests/test_hog.py", """
                def test_hog():
                    chunks = []
                    for _ in range(64):
                        chunks.append(bytearray(b"x") * (16 << 20))  # written, so the pages are real: 1 GiB in all
                """);

        // When
        TestRunResult result = testRun(run, List.of("tests/test_hog.py"));

        // Then: SIGKILLed, by the kernel at the limit or, when reclaim at the limit is slower than the
        // time limit (cgroup v1 on this machine took ~30 s to kill it), at the time limit; never passed.
        assertThat(result.passed()).as(result.output()).isZero();
        assertThat(result.exitCode()).as(result.output()).isEqualTo(137);
    }

    @Test
    void anEndlessLoopIsKilledAtTheTimeLimitWithItsContainer() throws Exception {
        String run = workspace();
        write(run, "tests/test_loop.py", "def test_loop():\n    while True:\n        pass\n");

        TestRunResult result = testRun(run, null);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(137);
        assertThat(result.passed()).isZero();
        assertThat(testContainers()).as("test containers left behind").isEmpty();
    }

    /** Containers of test runs that still exist (running or not). */
    private static String testContainers() throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("docker", "ps", "--all", "--quiet", "--filter", "label=io.troupe.test-run")
                .redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        ps.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** Runs the class where {@code docker image inspect} finds the image; a banner when it skips. */
    static final class EngineAndImage implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String why;
            try {
                Process p = new ProcessBuilder("docker", "image", "inspect", "--format", "{{.Id}}", IMAGE)
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return ConditionEvaluationResult.enabled("docker has " + IMAGE);
                }
                why = "docker cannot give the image " + IMAGE + " (" + out + "); build it with scripts/build-images.sh";
            } catch (IOException e) {
                why = "no docker client (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted";
            }
            if ("true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("TROUPE_REQUIRE_DOCKER"))) {
                throw new IllegalStateException("the Docker sandbox tests must run here (CI=true or "
                        + "TROUPE_REQUIRE_DOCKER=1), but " + why);
            }
            System.err.printf("%n*** SKIPPED DockerTestRunsIT: %s (TROUPE_REQUIRE_DOCKER=1 fails instead) ***%n%n",
                    why);
            return ConditionEvaluationResult.disabled("SKIPPED, " + why);
        }
    }
}
