package io.troupe.agent.worker;

/** A worker as {@code GET /api/agents} shows it; {@code runId} and {@code taskId} are null when idle. */
public record AgentView(String id, AgentState state, String runId, String taskId, long tasksDone, long tasksFailed,
                        int queued) {
}
