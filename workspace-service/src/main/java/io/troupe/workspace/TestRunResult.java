package io.troupe.workspace;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of running a workspace's test command on a snapshot of its heads. Counts come from
 * the JUnit XML report; without one they are derived from the exit code (1 passed on 0, else 1
 * failed, or 1 error when the run timed out). {@code startedAt} / {@code finishedAt}: when it held a
 * test-run slot (at most troupe.workspace.max-concurrent-test-runs are held at once), after waiting
 * {@code queuedMillis} for one. {@code failedTests} names the tests that failed or erred
 * ({@code classname::name}), when the report says. {@code end}: how the command ended;
 * {@code sandbox}: where it ran ({@code bwrap}, {@code kubernetes}, or {@code trusted} for the
 * explicit opt-out).
 */
public record TestRunResult(String id, int passed, int failed, int errors, int exitCode, boolean timedOut,
                            long durationMillis, String output, Instant startedAt, Instant finishedAt,
                            long queuedMillis, List<String> failedTests, TestRunEnd end, String sandbox) {

    /** A result whose slot times are not known yet. */
    public TestRunResult(String id, int passed, int failed, int errors, int exitCode, boolean timedOut,
                         long durationMillis, String output, List<String> failedTests) {
        this(id, passed, failed, errors, exitCode, timedOut, durationMillis, output, null, null, 0, failedTests,
                TestRunEnd.of(exitCode, timedOut), null);
    }

    /** A result without a report naming its tests. */
    public TestRunResult(String id, int passed, int failed, int errors, int exitCode, boolean timedOut,
                         long durationMillis, String output) {
        this(id, passed, failed, errors, exitCode, timedOut, durationMillis, output, List.of());
    }

    /**
     * The same result with the time it held one of the service's test-run slots: from
     * {@code startedAt} to {@code finishedAt}, after waiting {@code queuedMillis} for it.
     */
    public TestRunResult inSlot(Instant started, Instant finished, long queued) {
        return new TestRunResult(id, passed, failed, errors, exitCode, timedOut, durationMillis, output, started,
                finished, queued, failedTests, end, sandbox);
    }

    /** The same result, run in {@code name}. */
    public TestRunResult inSandbox(String name) {
        return new TestRunResult(id, passed, failed, errors, exitCode, timedOut, durationMillis, output, startedAt,
                finishedAt, queuedMillis, failedTests, end, name);
    }
}
