package io.troupe.agent.clients;

import java.time.Instant;

/** A lease on a task as the coordinator granted it: present {@code epoch} to renew it and to complete the task. */
public record Lease(String runId, String taskId, String agentId, long epoch, Instant expiresAt) {
}
