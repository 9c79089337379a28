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

    /** A file was deleted: {@code version} is its tombstone, and its history is kept. */
    record FileDeleted(String runId, String agentId, String path, long version, Long baseVersion, Instant at)
            implements WorkspaceEvent {
    }

    /**
     * In last-writer-wins mode, version {@code version} by {@code agentId} replaced version
     * {@code overwrittenVersion} by another agent that the writer had not read (its base
     * {@code baseVersion} was older, or it named none). {@code destroyedChars}: characters of the
     * replaced version's lines that the new version does not keep (line diff).
     */
    record FileOverwritten(String runId, String agentId, String path, long version, Long baseVersion,
                           long overwrittenVersion, String overwrittenAuthor, long destroyedChars, Instant at)
            implements WorkspaceEvent {
    }

    /**
     * Two agents wrote one path within the workspace's concurrency window: version {@code version}
     * by {@code agentId} came {@code gapMillis} after version {@code otherVersion} by {@code otherAgentId}.
     */
    record ConcurrentWrite(String runId, String agentId, String path, long version, long otherVersion,
                           String otherAgentId, long gapMillis, Instant at) implements WorkspaceEvent {
    }

    /**
     * A test command ran on a snapshot of the run's files, in {@code sandbox} ({@code bwrap},
     * {@code kubernetes}, or {@code trusted} for the explicit opt-out; null in events from before
     * the field existed).
     */
    record TestRunCompleted(String runId, String agentId, String testRunId, int passed, int failed, int errors,
                            int exitCode, boolean timedOut, long durationMillis, Instant at, String sandbox)
            implements WorkspaceEvent {

        /** An event that does not name its sandbox. */
        public TestRunCompleted(String runId, String agentId, String testRunId, int passed, int failed, int errors,
                                int exitCode, boolean timedOut, long durationMillis, Instant at) {
            this(runId, agentId, testRunId, passed, failed, errors, exitCode, timedOut, durationMillis, at, null);
        }
    }
}
