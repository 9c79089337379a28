package io.troupe.metrics.runs;

/**
 * What one agent of a run did. {@code busySeconds} adds up the agent's tasks from
 * {@code TaskClaimed} to its {@code TaskDone}; {@code idleFraction} is
 * {@code 1 - busySeconds / makespan} (null until the run has finished).
 */
public record AgentMetrics(long turns, long inputTokens, long outputTokens, long testRunsFailed,
                           int tasksDone, double busySeconds, Double idleFraction) {
}
