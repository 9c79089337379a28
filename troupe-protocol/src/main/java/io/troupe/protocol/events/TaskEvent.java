package io.troupe.protocol.events;

import java.time.Instant;

/** Task board transitions, on {@code troupe.task-events}. */
public sealed interface TaskEvent extends TroupeEvent {

    String taskId();

    /** All dependencies are DONE. */
    record TaskReady(String runId, String taskId, Instant at) implements TaskEvent {
    }

    /** The task now belongs to one agent. */
    record TaskClaimed(String runId, String taskId, String agentId, Instant at) implements TaskEvent {
    }

    /** The owning agent completed the task. */
    record TaskDone(String runId, String taskId, String agentId, Instant at) implements TaskEvent {
    }

    /**
     * A claim of a task that is not READY was refused ({@code state} is what it was: PENDING,
     * DONE or FAILED).
     */
    record TaskClaimBlocked(String runId, String taskId, String agentId, String state, Instant at)
            implements TaskEvent {
    }

    /** A claim lost to another agent, {@code owner}, which holds the task. */
    record TaskClaimConflict(String runId, String taskId, String agentId, String owner, Instant at)
            implements TaskEvent {
    }

    /**
     * A renewal or completion presented lease epoch {@code presentedEpoch}, which is not the
     * task's current lease ({@code currentEpoch}, 0 if none was ever granted): refused.
     */
    record TaskLeaseStale(String runId, String taskId, String agentId, long presentedEpoch, long currentEpoch,
                          Instant at) implements TaskEvent {
    }

    /**
     * The lease of {@code agentId} ran out: the task is READY again (or FAILED, see
     * {@link TaskFailed}); {@code attempts} counts the leases lost on it so far.
     */
    record TaskLeaseExpired(String runId, String taskId, String agentId, long epoch, int attempts, Instant at)
            implements TaskEvent {
    }

    /** The task was given up on after {@code attempts} lost leases. */
    record TaskFailed(String runId, String taskId, int attempts, String reason, Instant at) implements TaskEvent {
    }
}
