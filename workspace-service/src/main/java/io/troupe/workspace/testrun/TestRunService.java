package io.troupe.workspace.testrun;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.Spans;
import io.troupe.workspace.TestRunResult;
import io.troupe.workspace.Workspace;
import io.troupe.workspace.WorkspacePath;
import io.troupe.workspace.config.WorkspaceConfig;
import io.troupe.workspace.events.WorkspaceEventPublisher;
import io.troupe.workspace.files.FileStore;
import io.troupe.workspace.files.WorkspaceService;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Runs a workspace's test command on a snapshot of its heads, copied into a fresh temporary
 * directory that is deleted afterwards, inside the {@link Sandbox}; at most
 * troupe.workspace.max-concurrent-test-runs at once (others wait); records and publishes the result.
 */
@ApplicationScoped
public class TestRunService {
    private static final Logger LOG = Logger.getLogger(TestRunService.class);
    private static final int MAX_PATHS = 500;

    private final WorkspaceService workspaces;
    private final FileStore files;
    private final TestRunStore store;
    private final WorkspaceEventPublisher events;
    private final WorkspaceConfig config;
    private final Semaphore slots;
    private final Sandbox sandbox;

    TestRunService(WorkspaceService workspaces, FileStore files, TestRunStore store, WorkspaceEventPublisher events,
                   WorkspaceConfig config) {
        this.workspaces = workspaces;
        this.files = files;
        this.store = store;
        this.events = events;
        this.config = config;
        this.slots = new Semaphore(Math.max(1, config.workspace().maxConcurrentTestRuns()), true);
        this.sandbox = Sandbox.choose(config.workspace().sandbox(), System.getenv());
    }

    /** Runs the tests at {@code paths} (all tests if empty); blocks until they end or time out. */
    @WithSpan(Spans.TEST_RUN)
    public TestRunResult run(@SpanAttribute(Spans.RUN_ID) String runId, @SpanAttribute(Spans.AGENT_ID) String agentId,
                             List<String> paths) {
        Workspace workspace = workspaces.requireWorkspace(runId);
        List<String> selected = checkPaths(paths);
        List<String> args = new ArrayList<>(command(workspace));
        args.addAll(selected);
        Map<String, String> snapshot = files.snapshot(runId);
        String id = UUID.randomUUID().toString();
        TestRunResult result;
        Instant requested = Instant.now();
        slots.acquireUninterruptibly();
        Instant started = Instant.now();
        Instant finished;
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
            LOG.infof("test run started runId=%s testRunId=%s agentId=%s files=%d command=%s", runId, id, agentId,
                    snapshot.size(), args);
            Map<String, String> env = ProcessRunner.scrubbedEnvironment(System.getenv());
            if (!config.workspace().pytestPluginAutoload()) {
                env.putIfAbsent("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1");
            }
            var outcome = sandbox.canStart(args.getFirst(), env)
                    ? ProcessRunner.run(sandbox.command(args, root, work, env), work, env,
                    config.workspace().testTimeout(), config.workspace().testOutputBytes())
                    : new ProcessRunner.Outcome(127, false, "cannot start " + args.getFirst()
                    + ": no such program in the sandbox (its PATH is the Python installation and /usr)", 0);
            result = result(id, outcome, JUnitReport.read(report).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the snapshot of run " + runId, e);
        } finally {
            finished = Instant.now();
            slots.release();
            deleteQuietly(root);
        }
        result = result.inSlot(started, finished, Duration.between(requested, started).toMillis());
        Instant at = Instant.now();
        store.record(runId, agentId, selected, result, at);
        LOG.infof("test run completed runId=%s testRunId=%s agentId=%s passed=%d failed=%d errors=%d exitCode=%d "
                        + "timedOut=%s durationMillis=%d", runId, id, agentId, result.passed(), result.failed(),
                result.errors(), result.exitCode(), result.timedOut(), result.durationMillis());
        events.publish(new TestRunCompleted(runId, agentId, id, result.passed(), result.failed(), result.errors(),
                result.exitCode(), result.timedOut(), result.durationMillis(), at));
        return result;
    }

    static TestRunResult result(String id, ProcessRunner.Outcome outcome, JUnitReport report) {
        if (report != null && !outcome.timedOut()) {
            return new TestRunResult(id, report.passed(), report.failed(), report.errors(), outcome.exitCode(), false,
                    outcome.durationMillis(), outcome.output(), report.failedTests());
        }
        int passed = !outcome.timedOut() && outcome.exitCode() == 0 ? 1 : 0;
        int errors = outcome.timedOut() || outcome.exitCode() == 127 ? 1 : 0;
        int failed = 1 - passed - errors;
        return new TestRunResult(id, passed, failed, errors, outcome.exitCode(), outcome.timedOut(),
                outcome.durationMillis(), outcome.output());
    }

    private static List<String> command(Workspace workspace) {
        try {
            List<String> args = CommandLine.split(workspace.testCommand());
            if (args.isEmpty()) {
                throw new IllegalArgumentException("the test command is empty");
            }
            return args;
        } catch (IllegalArgumentException e) {
            throw new ProblemException(422, "invalid-test-command", "Invalid test command",
                    "run " + workspace.runId() + " cannot run its tests: " + e.getMessage());
        }
    }

    private static List<String> checkPaths(List<String> paths) {
        if (paths == null) {
            return List.of();
        }
        if (paths.size() > MAX_PATHS) {
            throw ProblemException.badRequest("a test run may name at most " + MAX_PATHS + " paths, not "
                    + paths.size());
        }
        for (String path : paths) {
            // A pytest node id (tests/test_a.py::test_one) is a path too; an option is not.
            if (path != null && path.startsWith("-")) {
                throw ProblemException.badRequest("'" + path + "' is not a test path: paths may not start with '-'");
            }
            WorkspacePath.of(path);
        }
        return List.copyOf(paths);
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

    private static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("could not delete test run directory %s: %s", root, e.getMessage());
        }
    }
}
