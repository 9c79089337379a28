package io.troupe.metrics.runs;

/**
 * What one agent of a run did. {@code busySeconds} is the union of the agent's work on the tasks it
 * completed, each from its claim (or its first turn on the task, if later: a preassigned agent's queued
 * tasks are claimed for it in advance) to its {@code TaskDone}; {@code idleFraction} is
 * {@code 1 - busySeconds / makespan} (null until the run has finished).
 */
public record AgentMetrics(long turns, long inputTokens, long outputTokens, long testRunsFailed,
                           int tasksDone, double busySeconds, Double idleFraction) {
}
