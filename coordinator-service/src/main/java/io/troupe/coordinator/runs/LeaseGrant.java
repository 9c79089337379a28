package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import java.time.Instant;

/** A lease on a task as its holder sees it: present {@code epoch} to renew it and to complete the task. */
public record LeaseGrant(String runId, String taskId, String agent, long epoch, Instant expiresAt) {
    static LeaseGrant of(BoardTask task) {
        return new LeaseGrant(task.runId(), task.taskId(), task.agent(), task.leaseEpoch(), task.leaseExpiresAt());
    }
}
