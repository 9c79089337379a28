package io.troupe.workspace.testrun;

import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.WorkspacePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Runs a test command on this machine: the snapshot is copied into a fresh temporary directory
 * (deleted afterwards) and the command runs there inside the {@link Sandbox}, or, for
 * {@code python3 -m pytest} without an isolating sandbox, as a child of the {@link PytestForkServer}.
 */
public final class LocalTestRunner implements TestRunner {
    private static final Logger LOG = Logger.getLogger(LocalTestRunner.class);
    /**
     * Largest file a forked pytest run may write. Its output goes to a file rather than a pipe, so
     * this keeps a runaway print loop from filling the disk; no real test run comes near it.
     */
    static final long FORKED_MAX_FILE_BYTES = 64L << 20;

    private final Sandbox sandbox;
    private final Duration timeout;
    private final int outputLimit;
    private final Map<String, String> env;
    private final Optional<PytestForkServer> forkServer;

    public LocalTestRunner(Sandbox sandbox, Duration timeout, int outputLimit, boolean pytestPluginAutoload,
                           boolean pytestForkServer) {
        this.sandbox = sandbox;
        this.timeout = timeout;
        this.outputLimit = outputLimit;
        Map<String, String> environment = ProcessRunner.scrubbedEnvironment(System.getenv());
        if (!pytestPluginAutoload) {
            environment.putIfAbsent("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1");
        }
        this.env = Map.copyOf(environment);
        // A forked child cannot be put into a bubblewrap sandbox of its own: with one, every run
        // is a new process.
        this.forkServer = pytestForkServer && !sandbox.isolated()
                ? PytestForkServer.forPython3(env, FORKED_MAX_FILE_BYTES) : Optional.empty();
    }

    @Override
    public TestExecution run(String testRunId, String runId, List<String> command, Map<String, String> snapshot) {
        List<String> args = new ArrayList<>(command);
        Path root = null;
        try {
            root = Files.createTempDirectory("troupe-test-run-");
            Path work = Files.createDirectory(root.resolve("work"));
            write(work, snapshot);
            Path report = root.resolve("report.xml");
            if (CommandLine.isPytest(args)) {
                // The snapshot is thrown away afterwards, so pytest's cache would only cost time.
                args.addAll(List.of("--junitxml=" + report, "-p", "no:cacheprovider"));
            }
            Optional<List<String>> forked = forkServer.flatMap(server -> server.pytestArgs(args));
            LOG.infof("test run started runId=%s testRunId=%s files=%d forked=%s command=%s", runId, testRunId,
                    snapshot.size(), forked.isPresent(), args);
            Optional<ProcessRunner.Outcome> outcome = Optional.empty();
            if (forked.isPresent()) {
                outcome = forkServer.get().run(forked.get(), work, root.resolve("output"), timeout, outputLimit);
                if (outcome.isEmpty()) {
                    // The server was not available or died during the run: start over as a subprocess,
                    // on a fresh copy in case the run had begun to change it.
                    deleteQuietly(work);
                    Files.deleteIfExists(report);
                    write(Files.createDirectory(work), snapshot);
                }
            }
            if (outcome.isEmpty()) {
                outcome = Optional.of(sandbox.canStart(args.getFirst(), env)
                        ? ProcessRunner.run(sandbox.command(args, root, work, env), work, env, timeout, outputLimit)
                        : new ProcessRunner.Outcome(127, false, "cannot start " + args.getFirst()
                        + ": no such program in the sandbox (its PATH is the Python installation and /usr)", 0));
            }
            return new TestExecution(outcome.get(), JUnitReport.read(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the snapshot of run " + runId, e);
        } finally {
            deleteQuietly(root);
        }
    }

    /** The pid of the pytest fork server, while one runs (for tests and the benchmark). */
    OptionalLong forkServerPid() {
        return forkServer.map(PytestForkServer::pid).orElse(OptionalLong.empty());
    }

    /** Stops the pytest fork server, if one was started. */
    @Override
    public void close() {
        forkServer.ifPresent(PytestForkServer::close);
    }

    private static void write(Path work, Map<String, String> snapshot) throws IOException {
        for (var file : snapshot.entrySet()) {
            Path target = WorkspacePath.of(file.getKey()).resolveIn(work);
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            } catch (java.nio.file.FileSystemException e) {
                throw new ProblemException(422, "snapshot-not-writable", "Snapshot not writable", "cannot place "
                        + file.getKey() + " in the test snapshot (" + e.getClass().getSimpleName()
                        + "); a path cannot be both a file and a directory");
            }
        }
    }

    /** Deletes {@code root} and everything under it; what cannot be deleted is logged and left. */
    static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("could not delete directory %s: %s", root, e.getMessage());
        }
    }
}
