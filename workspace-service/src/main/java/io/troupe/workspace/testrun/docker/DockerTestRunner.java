package io.troupe.workspace.testrun.docker;

import io.smallrye.config.WithDefault;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.testrun.CommandLine;
import io.troupe.workspace.testrun.JUnitReport;
import io.troupe.workspace.testrun.OutputTail;
import io.troupe.workspace.testrun.ProcessRunner;
import io.troupe.workspace.testrun.Snapshot;
import io.troupe.workspace.testrun.SnapshotTar;
import io.troupe.workspace.testrun.TestRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Test runs in a container ({@code troupe.workspace.sandbox=docker}), for hosts without
 * bubblewrap that have a Docker engine: each run is a fresh container of the test-runner image
 * with no network, a read-only root file system, the run's files on a tmpfs work directory, user
 * nobody (65534), no capabilities, {@code no-new-privileges}, and pids, memory and CPU limits; at
 * the time limit the container is killed. The snapshot goes in as a tar on the container's
 * standard input (a tmpfs cannot be filled before the container starts, and a bind mount would
 * name a path on the Docker host, which is not this container's when the workspace runs in one);
 * the JUnit report comes back base64 after the output, between markers.
 *
 * <p>Through the {@code docker} CLI rather than the Engine API: streaming stdin into an attached
 * container is a hijacked HTTP connection that the JDK's HttpClient cannot do on a Unix socket, and
 * the Java Docker clients (docker-java, shaded in Testcontainers) are test libraries with large
 * dependency trees; the CLI is one static binary, speaks to any engine version, and honours
 * {@code DOCKER_HOST} and contexts.
 */
public final class DockerTestRunner implements TestRunner {
    public static final String SANDBOX = "docker";
    static final String LABEL = "io.troupe.test-run";
    static final String WORK = "/work";
    static final String REPORT = "/tmp/troupe-junit.xml";
    static final String REPORT_BEGIN = "@@troupe-junit-xml-begin@@";
    static final String REPORT_END = "@@troupe-junit-xml-end@@";
    /** tmpfs options: owned by nobody, private to it. */
    private static final String NOBODY_TMPFS = ",uid=65534,gid=65534,mode=0700";
    private static final Logger LOG = Logger.getLogger(DockerTestRunner.class);
    /**
     * Unpacks the snapshot from stdin, runs the command with stdin closed, then prints the report
     * (if any) after an empty line, in case the output did not end its last line.
     */
    private static final String SCRIPT = "tar -x -f - -C " + WORK + " || exit 125\n"
            + "\"$@\" </dev/null\n"
            + "status=$?\n"
            + "if [ -f " + REPORT + " ]; then printf '\\n%s\\n' '" + REPORT_BEGIN + "'; base64 " + REPORT
            + "; printf '%s\\n' '" + REPORT_END + "'; fi\n"
            + "exit $status\n";

    /** {@code troupe.workspace.docker.*}, a group of {@code WorkspaceConfig}. */
    public interface Settings {
        /** The image of test runs: docker/test-runner.Dockerfile (python3 and pytest). */
        @WithDefault("troupe/test-runner:0.1.0")
        String image();

        /** The docker client. */
        @WithDefault("docker")
        String cli();

        /** Memory of one test run (swap included: none beyond it), a docker size. */
        @WithDefault("256m")
        String memory();

        /** CPUs of one test run. */
        @WithDefault("1")
        String cpus();

        /** Processes (threads included) one test run may have at once. */
        @WithDefault("128")
        int pids();

        /** Size of the tmpfs work directory holding the run's files (and of /tmp). */
        @WithDefault("64m")
        String workSize();

        /** Extra time beyond the test timeout for the container to start and stop. */
        @WithDefault("20s")
        Duration startMargin();
    }

    private final Settings settings;
    private final Duration timeout;
    private final int outputLimit;
    private final Map<String, String> env;

    DockerTestRunner(Settings settings, Duration timeout, int outputLimit, boolean pytestPluginAutoload) {
        this.settings = settings;
        this.timeout = timeout;
        this.outputLimit = outputLimit;
        Map<String, String> environment = new java.util.TreeMap<>();
        environment.put("HOME", "/tmp");
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        if (!pytestPluginAutoload) {
            environment.put("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1");
        }
        this.env = Map.copyOf(environment);
    }

    /** The runner {@code troupe.workspace.sandbox=docker} asks for; fails at start if no engine answers. */
    public static DockerTestRunner create(Settings settings, Duration timeout, int outputLimit,
                                          boolean pytestPluginAutoload) {
        DockerTestRunner runner = new DockerTestRunner(settings, timeout, outputLimit, pytestPluginAutoload);
        ProcessRunner.Outcome check = runner.docker(Duration.ofSeconds(30), "image", "inspect", "--format",
                "{{.Id}}", settings.image());
        if (check.exitCode() != 0) {
            throw new IllegalStateException("troupe.workspace.sandbox=docker needs a Docker engine with the image "
                    + settings.image() + " (troupe.workspace.docker.image; scripts/build-images.sh builds it): "
                    + check.output().trim());
        }
        LOG.infof("test runs are containers of %s (no network, read-only root, user 65534, memory %s, cpus %s, "
                + "pids %d)", settings.image(), settings.memory(), settings.cpus(), settings.pids());
        return runner;
    }

    @Override
    public String sandbox() {
        return SANDBOX;
    }

    @Override
    public TestExecution run(String testRunId, List<String> command, Snapshot snapshot) {
        return run(testRunId, snapshot.runId(), command, snapshot.contents());
    }

    TestExecution run(String testRunId, String runId, List<String> command, Map<String, String> snapshot) {
        List<String> args = new ArrayList<>(command);
        if (CommandLine.isPytest(args)) {
            args.addAll(List.of("--junitxml=" + REPORT, "-p", "no:cacheprovider"));
        }
        String name = "troupe-test-" + testRunId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
        List<String> docker = dockerRun(name, testRunId, runId, args);
        LOG.infof("test run started runId=%s testRunId=%s container=%s files=%d command=%s", runId, testRunId, name,
                snapshot.size(), args);
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(docker).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw unavailable(runId, "cannot start " + settings.cli() + ": " + e.getMessage());
        }
        OutputTail tail = new OutputTail(outputLimit);
        StringBuilder reportBlock = new StringBuilder();
        boolean[] inReport = {false};
        byte[][] report = {null};
        Thread reader = Thread.ofVirtual().name("docker-test-output-" + name).start(() ->
                readOutput(process.getInputStream(), tail, reportBlock, inReport, report));
        try {
            try (OutputStream in = process.getOutputStream()) {
                SnapshotTar.write(snapshot, in);
            } catch (IOException e) {
                // The container ended (or never started) before reading its files; its output says why.
                LOG.debugf("test run %s: the snapshot was not fully read: %s", testRunId, e.getMessage());
            }
            boolean timedOut = !process.waitFor(timeout.plus(settings.startMargin()).toMillis(), TimeUnit.MILLISECONDS);
            if (timedOut) {
                kill(name);
                process.waitFor(30, TimeUnit.SECONDS);
                process.destroyForcibly();
            }
            reader.join(Duration.ofSeconds(10));
            int exit = process.isAlive() ? 137 : process.exitValue();
            // The container's own deadline (timeout in the script) or ours: both end in SIGKILL.
            boolean killed = timedOut || exit == 137 && elapsed(start) >= timeout.toMillis();
            String output = tail.toString();
            if (exit == 125 && !killed && output.contains("docker:")) {
                throw unavailable(runId, output.trim());
            }
            String text = output.endsWith("\n\n") ? output.substring(0, output.length() - 1) : output;
            ProcessRunner.Outcome outcome = new ProcessRunner.Outcome(killed ? 137 : exit, killed, text,
                    elapsed(start));
            Optional<JUnitReport> junit = killed || report[0] == null ? Optional.empty() : JUnitReport.parse(report[0]);
            return new TestExecution(outcome, junit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(name);
            throw new IllegalStateException("interrupted while test run " + testRunId + " ran", e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * {@code docker run} of one test run. The command is wrapped in coreutils' {@code timeout} so
     * that the container ends itself at the limit even if this service dies with it running.
     */
    List<String> dockerRun(String name, String testRunId, String runId, List<String> args) {
        long seconds = Math.max(1, timeout.toSeconds());
        List<String> command = new ArrayList<>(List.of(settings.cli(), "run", "--rm", "--interactive",
                "--name", name, "--label", LABEL + "=" + testRunId, "--label", "io.troupe.run=" + runId,
                "--network", "none", "--read-only",
                "--tmpfs", WORK + ":rw,exec,nosuid,nodev,size=" + settings.workSize() + NOBODY_TMPFS,
                "--tmpfs", "/tmp:rw,nosuid,nodev,size=" + settings.workSize() + NOBODY_TMPFS,
                "--user", "65534:65534", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--pids-limit", String.valueOf(settings.pids()), "--memory", settings.memory(),
                "--memory-swap", settings.memory(), "--cpus", settings.cpus(), "--ulimit", "nofile=1024:1024",
                "--no-healthcheck", "--log-driver", "none", "--workdir", WORK, "--entrypoint", "/bin/sh"));
        env.forEach((key, value) -> command.addAll(List.of("--env", key + "=" + value)));
        command.addAll(List.of(settings.image(), "-c", SCRIPT, "sandbox", "timeout", "--signal=KILL",
                seconds + "s"));
        command.addAll(args);
        return command;
    }

    private static void readOutput(InputStream from, OutputTail tail, StringBuilder block, boolean[] inReport,
                                   byte[][] report) {
        try (var lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals(REPORT_BEGIN)) {
                    block.setLength(0);
                    inReport[0] = true;
                    report[0] = null;
                } else if (inReport[0] && line.equals(REPORT_END)) {
                    inReport[0] = false;
                    try {
                        report[0] = Base64.getMimeDecoder().decode(block.toString());
                    } catch (IllegalArgumentException e) {
                        report[0] = null;
                    }
                } else if (inReport[0]) {
                    block.append(line.trim());
                } else {
                    tail.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException ignored) {
            // the client is gone; keep what was read
        }
    }

    private void kill(String name) {
        ProcessRunner.Outcome outcome = docker(Duration.ofSeconds(30), "rm", "--force", name);
        if (outcome.exitCode() != 0) {
            LOG.warnf("cannot remove the test container %s: %s", name, outcome.output().trim());
        }
    }

    private ProcessRunner.Outcome docker(Duration limit, String... args) {
        List<String> command = new ArrayList<>(List.of(settings.cli()));
        command.addAll(List.of(args));
        return ProcessRunner.run(command, java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
                System.getenv(), limit, 8192);
    }

    private static long elapsed(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static ProblemException unavailable(String runId, String why) {
        return new ProblemException(ProblemType.TEST_SANDBOX_UNAVAILABLE, "cannot run the tests of run " + runId + " "
                + "in a container: " + why);
    }
}
