package io.troupe.workspace;

import java.time.Instant;

/**
 * The outcome of running a workspace's test command on a snapshot of its heads. Counts come from
 * the JUnit XML report; without one they are derived from the exit code (1 passed on 0, else 1
 * failed, or 1 error when the run timed out). {@code startedAt} / {@code finishedAt}: when it held a
 * test-run slot (at most troupe.workspace.max-concurrent-test-runs are held at once), after waiting
 * {@code queuedMillis} for one.
 */
public record TestRunResult(String id, int passed, int failed, int errors, int exitCode, boolean timedOut,
                            long durationMillis, String output, Instant startedAt, Instant finishedAt,
                            long queuedMillis) {

    /** A result whose slot times are not known yet. */
    public TestRunResult(String id, int passed, int failed, int errors, int exitCode, boolean timedOut,
                         long durationMillis, String output) {
        this(id, passed, failed, errors, exitCode, timedOut, durationMillis, output, null, null, 0);
    }

    /**
     * The same result with the time it held one of the service's test-run slots: from
     * {@code startedAt} to {@code finishedAt}, after waiting {@code queuedMillis} for it.
     */
    public TestRunResult inSlot(Instant started, Instant finished, long queued) {
        return new TestRunResult(id, passed, failed, errors, exitCode, timedOut, durationMillis, output, started,
                finished, queued);
    }
}
