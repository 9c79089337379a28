package io.troupe.workspace.testrun;

import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.troupe.workspace.testrun.docker.DockerTestRunner;
import io.troupe.workspace.testrun.kubernetes.KubernetesTestRunner;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;

/**
 * Runs a workspace's test command on a snapshot of its heads, locally in the {@link Sandbox} or as
 * a Kubernetes Job (see {@link TestRunner}); at most troupe.workspace.max-concurrent-test-runs at
 * once (others wait); records and publishes the result.
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
    private final TestRunner runner;

    TestRunService(WorkspaceService workspaces, FileStore files, TestRunStore store, WorkspaceEventPublisher events,
                   WorkspaceConfig config, Instance<KubernetesClient> kubernetes) {
        this.workspaces = workspaces;
        this.files = files;
        this.store = store;
        this.events = events;
        this.config = config;
        this.slots = new Semaphore(Math.max(1, config.workspace().maxConcurrentTestRuns()), true);
        this.runner = runner(config, kubernetes);
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
        try {
            var execution = runner.run(id, runId, args, snapshot);
            result = result(id, execution.outcome(), execution.report().orElse(null));
        } finally {
            finished = Instant.now();
            slots.release();
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

    /**
     * The runner troupe.workspace.sandbox asks for: {@code kubernetes} (a Job per test run; the
     * Kubernetes client is created only then), else a local one with that sandbox.
     */
    private static TestRunner runner(WorkspaceConfig config, Instance<KubernetesClient> kubernetes) {
        var settings = config.workspace();
        if (KubernetesTestRunner.SANDBOX.equalsIgnoreCase(settings.sandbox().trim())) {
            return KubernetesTestRunner.create(kubernetes.get(), settings.kubernetes(), settings.testTimeout(),
                    settings.testOutputBytes());
        }
        if (DockerTestRunner.SANDBOX.equalsIgnoreCase(settings.sandbox().trim())) {
            return DockerTestRunner.create(settings.docker(), settings.testTimeout(), settings.testOutputBytes(),
                    settings.pytestPluginAutoload());
        }
        return new LocalTestRunner(Sandbox.choose(settings.sandbox(), System.getenv()), settings.testTimeout(),
                settings.testOutputBytes(), settings.pytestPluginAutoload(), settings.pytestForkServer());
    }

    /** Stops what the runner keeps running between test runs (the pytest fork server). */
    @PreDestroy
    void close() {
        runner.close();
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
}
