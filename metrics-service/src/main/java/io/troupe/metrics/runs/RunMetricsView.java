package io.troupe.metrics.runs;

import java.time.Instant;

/**
 * The metrics of one run as served by {@code GET /api/runs/{run}/metrics}. Fields that come from
 * {@code RunStarted} or {@code RunFinished} are null until that event has been seen. Overwrites
 * (last-writer-wins lost updates), the characters they destroyed and concurrent writes come from
 * the workspace's {@code FileOverwritten} and {@code ConcurrentWrite} events. Claim conflicts, blocked
 * claims, stale leases, lease expiries, retried tasks (tasks that lost at least one lease) and
 * failed tasks come from the coordinator's board events.
 */
public record RunMetricsView(String runId, String experimentId, String suite, String architecture, Integer agents,
                             String status, Instant startedAt, Instant finishedAt, Double makespanSeconds,
                             Integer taskCount, Integer criticalPath, Double parallelFraction, Double amdahlBound,
                             int tasksDone, long turns, long inputTokens, long outputTokens, long filesWritten,
                             long writeConflicts, long overwrites, long destroyedChars, long concurrentWrites,
                             long testRuns, long testRunsFailed, long claimConflicts, long blockedClaims,
                             long staleLeases, long leaseExpiries, int retriedTasks, int tasksFailed) {
}
