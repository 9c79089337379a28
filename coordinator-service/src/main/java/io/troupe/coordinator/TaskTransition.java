package io.troupe.coordinator;

import java.time.Instant;

/**
 * A decided change of one task: applied only if the task is still in {@code from} at
 * {@code expectedVersion}. The other fields are the task's values afterwards: {@code agent} its
 * owner (null for none), {@code leaseEpoch} the fencing token of its latest lease,
 * {@code leaseExpiresAt} when the current lease runs out (null without one), {@code attempts} the
 * leases lost on it so far.
 */
public record TaskTransition(String runId, String taskId, TaskState from, TaskState to, long expectedVersion,
                             String agent, long leaseEpoch, Instant leaseExpiresAt, int attempts) {
}
