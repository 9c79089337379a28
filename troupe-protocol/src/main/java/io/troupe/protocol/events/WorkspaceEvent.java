package io.troupe.protocol.events;

import java.time.Instant;

/** Facts about a run's files, on {@code troupe.workspace-events}. */
public sealed interface WorkspaceEvent extends TroupeEvent {

    /** A write was accepted and became version {@code version} of {@code path}. */
    record FileWritten(String runId, String agentId, String path, long version, Long baseVersion, long size,
                       Instant at) implements WorkspaceEvent {
    }

    /** A conditional write was refused because its base version was not the head. */
    record WriteConflict(String runId, String agentId, String path, Long baseVersion, long headVersion,
                         String headAuthor, Instant at) implements WorkspaceEvent {
    }

    /** A test command ran on a snapshot of the run's files. */
    record TestRunCompleted(String runId, String agentId, String testRunId, int passed, int failed, int errors,
                            int exitCode, boolean timedOut, long durationMillis, Instant at)
            implements WorkspaceEvent {
    }
}
