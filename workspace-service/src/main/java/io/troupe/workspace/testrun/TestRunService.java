package io.troupe.workspace.testrun;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.runtime.Startup;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.FileHead;
import io.troupe.workspace.Spans;
import io.troupe.workspace.TestRunResult;
import io.troupe.workspace.Workspace;
import io.troupe.workspace.WorkspacePath;
import io.troupe.workspace.config.WorkspaceConfig;
import io.troupe.workspace.events.WorkspaceEventPublisher;
import io.troupe.workspace.files.FileStore;
import io.troupe.workspace.files.WorkspaceService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs a workspace's test command (the one its creator, the coordinator, gave from the suite;
 * a test-run request names only paths) on a snapshot of its heads, in the runner
 * troupe.workspace.sandbox chose (see {@link TestRunners}); records and publishes the result.
 *
 * <p>Test runs execute on virtual threads of their own, never on a request thread: a request
 * waits for its result without holding one, so looping tests cannot starve file reads, writes
 * or health. At most troupe.workspace.max-concurrent-test-runs execute at once; of one run, at most
 * troupe.workspace.max-queued-test-runs-per-run wait for a slot, and one more is refused with 429.
 *
 * <p>Made at start ({@code @Startup}), so that the sandbox is chosen, and a missing one reported
 * (or, for {@code bwrap}, the start failed), before the first test run.
 */
@Startup
@ApplicationScoped
public class TestRunService {
    private static final Logger LOG = Logger.getLogger(TestRunService.class);
    private static final int MAX_PATHS = 500;

    private final WorkspaceService workspaces;
    private final FileStore files;
    private final TestRunStore store;
    private final WorkspaceEventPublisher events;
    private final Semaphore slots;
    private final int slotCount;
    private final int maxQueuedPerRun;
    private final Duration timeout;
    private final TestRunner runner;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("test-run-", 0).factory());
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();
    /** Mean duration of recent test runs (exponentially weighted), for Retry-After. */
    private final AtomicLong meanMillis = new AtomicLong(1000);

    TestRunService(WorkspaceService workspaces, FileStore files, TestRunStore store, WorkspaceEventPublisher events,
                   WorkspaceConfig config, Instance<KubernetesClient> kubernetes) {
        this.workspaces = workspaces;
        this.files = files;
        this.store = store;
        this.events = events;
        this.slotCount = Math.max(1, config.workspace().maxConcurrentTestRuns());
        this.slots = new Semaphore(slotCount, true);
        this.maxQueuedPerRun = Math.max(0, config.workspace().maxQueuedTestRunsPerRun());
        this.timeout = config.workspace().testTimeout();
        this.runner = TestRunners.create(config, kubernetes, System.getenv());
    }

    /** The sandbox test runs execute in, as results name it ({@code unavailable} when they are refused). */
    public String sandbox() {
        return runner.sandbox();
    }

    /** Why test runs are refused, if they are (no sandbox available). */
    public Optional<String> refusal() {
        return runner instanceof NoSandbox none ? Optional.of(none.remedy()) : Optional.empty();
    }

    /**
     * Checks the request, then runs the tests at {@code paths} (all tests if empty) on another
     * thread; the result completes when they end or time out. Refused at once (a problem) when the
     * run does not exist, a path is invalid, no sandbox is available, or too many wait already.
     */
    @WithSpan(Spans.TEST_RUN)
    public CompletableFuture<TestRunResult> submit(@SpanAttribute(Spans.RUN_ID) String runId,
                                                  @SpanAttribute(Spans.AGENT_ID) String agentId, List<String> paths) {
        return submit(runId, agentId, paths, Clock.systemUTC());
    }

    /**
     * As above, stamping the run's record and event with {@code clock}'s time (a simulated run's own,
     * as its agent sent it).
     */
    @WithSpan(Spans.TEST_RUN)
    public CompletableFuture<TestRunResult> submit(@SpanAttribute(Spans.RUN_ID) String runId,
                                                  @SpanAttribute(Spans.AGENT_ID) String agentId, List<String> paths,
                                                  Clock clock) {
        Workspace workspace = workspaces.requireWorkspace(runId);
        List<String> selected = checkPaths(paths);
        if (runner instanceof NoSandbox none) {
            throw none.refusal(runId);
        }
        List<String> args = new ArrayList<>(command(workspace));
        args.addAll(selected);
        AtomicInteger queued = waiting.computeIfAbsent(runId, id -> new AtomicInteger());
        if (queued.incrementAndGet() > maxQueuedPerRun + slotCount) {
            queued.decrementAndGet();
            throw new TooManyTestRuns(runId, maxQueuedPerRun, retryAfterSeconds(queued.get()));
        }
        Context context = Context.current();
        try {
            return CompletableFuture.supplyAsync(context.wrapSupplier(() -> {
                try {
                    return run(runId, agentId, args, selected, clock);
                } finally {
                    queued.decrementAndGet();
                }
            }), executor);
        } catch (RuntimeException e) {
            queued.decrementAndGet();
            throw e;
        }
    }

    private TestRunResult run(String runId, String agentId, List<String> args, List<String> selected, Clock clock) {
        String id = UUID.randomUUID().toString();
        Instant requested = clock.instant();
        slots.acquireUninterruptibly();
        Instant started = clock.instant();
        Instant finished;
        TestRunResult result;
        try {
            // The heads at the moment the slot is taken: what the tests see is never older than that.
            var execution = runner.run(id, args, snapshot(runId));
            result = result(id, execution.outcome(), execution.report().orElse(null));
        } finally {
            finished = clock.instant();
            slots.release();
        }
        long took = Duration.between(started, finished).toMillis();
        meanMillis.updateAndGet(mean -> (mean * 7 + took) / 8);
        result = result.inSlot(started, finished, Duration.between(requested, started).toMillis())
                .inSandbox(runner.sandbox());
        Instant at = clock.instant();
        TestRunResult recorded = result;
        TestRunCompleted completed = new TestRunCompleted(runId, agentId, id, recorded.passed(), recorded.failed(),
                recorded.errors(), recorded.exitCode(), recorded.timedOut(), recorded.durationMillis(), at,
                recorded.sandbox());
        store.record(runId, agentId, selected, result, at, (c, r) -> events.append(c, completed));
        events.committed(List.of(completed));
        LOG.infof("test run completed runId=%s testRunId=%s agentId=%s passed=%d failed=%d errors=%d exitCode=%d "
                        + "timedOut=%s end=%s sandbox=%s durationMillis=%d", runId, id, agentId, result.passed(),
                result.failed(), result.errors(), result.exitCode(), result.timedOut(), result.end().code(),
                result.sandbox(), result.durationMillis());
        return result;
    }

    /**
     * The run's heads now, each keyed by its version; the content of a version is read only if the
     * runner has not kept it from an earlier test run (a version never changes).
     */
    private Snapshot snapshot(String runId) {
        List<FileHead> heads = files.heads(runId);
        return new Snapshot(runId, heads.stream().map(head -> new Snapshot.Entry(head.path(),
                Long.toString(head.version()), () -> files.read(runId, WorkspacePath.of(head.path()),
                        Optional.of(head.version())).orElseThrow().content())).toList());
    }

    /** Seconds until a slot is likely free: the runs ahead, over the slots, times a recent run's length. */
    private long retryAfterSeconds(int ahead) {
        long millis = meanMillis.get() * Math.max(1, ahead) / slotCount;
        return Math.max(1, Math.min(timeout.toSeconds() + 1, (millis + 999) / 1000));
    }

    /** Stops what the runner keeps running between test runs (the pytest fork server). */
    @PreDestroy
    void close() {
        executor.shutdownNow();
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
            throw new ProblemException(ProblemType.INVALID_TEST_COMMAND, "run " + workspace.runId() + " cannot run "
                    + "its tests: " + e.getMessage());
        }
    }

    private static List<String> checkPaths(List<String> paths) {
        if (paths == null) {
            return List.of();
        }
        if (paths.size() > MAX_PATHS) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "a test run may name at most " + MAX_PATHS + " "
                    + "paths, not "
                    + paths.size());
        }
        for (String path : paths) {
            // A pytest node id (tests/test_a.py::test_one) is a path too; an option is not.
            if (path != null && path.startsWith("-")) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "'" + path + "' is not a test path: paths may "
                        + "not start with '-'");
            }
            WorkspacePath.of(path);
        }
        return List.copyOf(paths);
    }
}
