package io.troupe.coordinator;

/**
 * A decided change of one task: applied only if the task is still in {@code from} at
 * {@code expectedVersion}; {@code agent} is the owner afterwards (null for none).
 */
public record TaskTransition(String runId, String taskId, TaskState from, TaskState to, long expectedVersion,
                             String agent) {
}
