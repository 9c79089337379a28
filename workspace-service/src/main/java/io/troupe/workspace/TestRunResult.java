package io.troupe.workspace;

/**
 * The outcome of running a workspace's test command on a snapshot of its heads. Counts come from
 * the JUnit XML report; without one they are derived from the exit code (1 passed on 0, else 1
 * failed, or 1 error when the run timed out).
 */
public record TestRunResult(String id, int passed, int failed, int errors, int exitCode, boolean timedOut,
                            long durationMillis, String output) {
}
