package io.troupe.workspace.testrun;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Runs a test command on this machine: the snapshot becomes a fresh directory of hard links to the
 * run's kept files ({@link SnapshotTrees}; deleted afterwards) and the command runs there inside
 * the {@link Sandbox}, or, for {@code python3 -m pytest} in the trusted mode, as a child of the
 * {@link PytestForkServer}.
 */
public final class LocalTestRunner implements TestRunner {
    private static final Logger LOG = Logger.getLogger(LocalTestRunner.class);
    /**
     * Largest file a forked pytest run may write. Its output goes to a file rather than a pipe, so
     * this keeps a runaway print loop from filling the disk; no real test run comes near it.
     */
    static final long FORKED_MAX_FILE_BYTES = 64L << 20;

    private final Sandbox sandbox;
    private final SnapshotTrees trees;
    private final Duration timeout;
    private final int outputLimit;
    private final Map<String, String> env;
    private final Optional<PytestForkServer> forkServer;

    /** A runner that keeps its trees in a temporary directory of its own (tests, benchmarks). */
    public LocalTestRunner(Sandbox sandbox, Duration timeout, int outputLimit, boolean pytestPluginAutoload,
                           boolean pytestForkServer) {
        this(sandbox, SnapshotTrees.inTemporaryDirectory(), timeout, outputLimit, pytestPluginAutoload,
                pytestForkServer);
    }

    public LocalTestRunner(Sandbox sandbox, SnapshotTrees trees, Duration timeout, int outputLimit,
                           boolean pytestPluginAutoload, boolean pytestForkServer) {
        this.sandbox = sandbox;
        this.trees = trees;
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
    public String sandbox() {
        return sandbox.name();
    }

    @Override
    public TestExecution run(String testRunId, List<String> command, Snapshot snapshot) {
        List<String> args = new ArrayList<>(command);
        Path root = null;
        String runId = snapshot.runId();
        try {
            root = trees.create(snapshot, sandbox.mayLinkFiles(), sandbox::grantWrite);
            Path work = root.resolve("work");
            Path report = root.resolve("report.xml");
            if (CommandLine.isPytest(args)) {
                // The snapshot is thrown away afterwards, so pytest's cache would only cost time.
                args.addAll(List.of("--junitxml=" + report, "-p", "no:cacheprovider"));
            }
            Optional<List<String>> forked = forkServer.flatMap(server -> server.pytestArgs(args));
            LOG.infof("test run started runId=%s testRunId=%s files=%d sandbox=%s forked=%s command=%s", runId,
                    testRunId, snapshot.size(), sandbox.name(), forked.isPresent(), args);
            Optional<ProcessRunner.Outcome> outcome = Optional.empty();
            if (forked.isPresent()) {
                outcome = forkServer.get().run(forked.get(), work, root.resolve("output"), timeout, outputLimit);
                if (outcome.isEmpty()) {
                    // The server was not available or died during the run: start over as a subprocess,
                    // on a fresh tree in case the run had begun to change it.
                    deleteQuietly(root);
                    root = trees.create(snapshot, sandbox.mayLinkFiles(), sandbox::grantWrite);
                    work = root.resolve("work");
                }
            }
            if (outcome.isEmpty()) {
                outcome = Optional.of(sandbox.canStart(args.getFirst(), env)
                        ? ProcessRunner.run(sandbox.command(args, root, work, env), work, env, timeout, outputLimit,
                        sandbox.isolated())
                        : new ProcessRunner.Outcome(127, false, "cannot start " + args.getFirst()
                        + ": no such program in the sandbox (its PATH is the Python installation and /usr)", 0));
            }
            return new TestExecution(outcome.get(), JUnitReport.read(root.resolve("report.xml")));
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
        trees.close();
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
