package io.troupe.metrics.runs;

import io.troupe.protocol.experiment.RunSample;
import java.time.Instant;
import java.util.Map;

/**
 * The metrics of one run as served by {@code GET /api/runs/{run}/metrics}. Fields that come from
 * {@code RunStarted} or {@code RunFinished} are null until that event has been seen. Overwrites
 * (last-writer-wins lost updates), the characters they destroyed and concurrent writes come from
 * the workspace's {@code FileOverwritten} and {@code ConcurrentWrite} events; {@code rewrites} are the
 * written versions after a file's first. Claim conflicts, blocked claims, stale leases, lease expiries,
 * retried tasks (tasks that went back to the board: a lease expired, or they were claimed again) and
 * failed tasks come from the coordinator's board events.
 *
 * <p>Reference lines (formulas in {@code troupe-protocol}'s {@code Bounds}): {@code amdahlBound} is Amdahl's
 * {@code 1 / ((1 - p) + p / n)}, the paper's prediction and not a limit; {@code speedupLimit} is the task
 * graph's real limit for unit tasks, {@code N / max(CP, ceil(N / n))}. {@code workSeconds} is the sum of the
 * run's task times (claim or first turn to done); {@code criticalPathSeconds} the longest chain of
 * dependent tasks weighted by those times; {@code makespanLowerBoundSeconds} the bound from those times,
 * {@code max(critical path of the task times, work / n)}; {@code taskTimeSpeedupLimit} is work over
 * that bound, the speedup these task times allow; {@code efficiency} is the bound over the observed
 * makespan. {@code seed} is the simulated models' seed (null for real models): the speedup pairs the run
 * with the n = 1 run of the same seed when there is one. {@code messages} counts inter-agent messages sent
 * ({@code send_message}).
 * {@code perAgent} holds each agent's turns, tokens, failed test runs, completed tasks,
 * busy time and idle fraction. {@code stragglerGapSeconds} is the mean, over windows of concurrent turns
 * of at least two agents, of the window's slowest turn latency minus its mean turn latency (null without
 * such a window). {@code estimatedCostUsd} prices each model's tokens with the configured table (null if
 * a model has no price). {@code speedup} and {@code tokenMultiplier} compare the run with the completed
 * n = 1 runs of the same experiment, suite and architecture: the speedup with the one of the same seed if
 * there is one, else with their median (see {@code CellSummaries}); null without such a run or before this
 * one finished.
 */
public record RunMetricsView(String runId, String experimentId, String suite, String architecture, Integer agents,
                             Long seed, String status, Instant startedAt, Instant finishedAt, Double makespanSeconds,
                             Integer taskCount, Integer criticalPath, Double parallelFraction, Double amdahlBound,
                             Double speedupLimit, Double criticalPathSeconds, Double makespanLowerBoundSeconds,
                             Double workSeconds,
                             Double taskTimeSpeedupLimit, Double efficiency,
                             int tasksDone, long turns, long inputTokens, long outputTokens, Long messages,
                             long filesWritten, long rewrites,
                             long writeConflicts, long overwrites, long destroyedChars, long concurrentWrites,
                             long testRuns, long testRunsFailed, long claimConflicts, long blockedClaims,
                             long staleLeases, long leaseExpiries, int retriedTasks, int tasksFailed,
                             Map<String, AgentMetrics> perAgent, Double stragglerGapSeconds,
                             Double estimatedCostUsd, Double speedup, Double tokenMultiplier) {

    /** This view compared with its n = 1 baseline. */
    public RunMetricsView withBaseline(Double speedup, Double tokenMultiplier) {
        return new RunMetricsView(runId, experimentId, suite, architecture, agents, seed, status, startedAt,
                finishedAt, makespanSeconds, taskCount, criticalPath, parallelFraction, amdahlBound, speedupLimit,
                criticalPathSeconds, makespanLowerBoundSeconds, workSeconds, taskTimeSpeedupLimit, efficiency,
                tasksDone, turns,
                inputTokens, outputTokens, messages, filesWritten, rewrites,
                writeConflicts, overwrites, destroyedChars, concurrentWrites, testRuns, testRunsFailed, claimConflicts,
                blockedClaims, staleLeases, leaseExpiries, retriedTasks, tasksFailed, perAgent, stragglerGapSeconds,
                estimatedCostUsd, speedup, tokenMultiplier);
    }

    /** This run as one sample of its experiment's cell summaries (see {@code CellSummaries}). */
    public RunSample sample() {
        return new RunSample(runId, suite, architecture, agents == null ? 0 : agents, status, makespanSeconds,
                taskCount, criticalPath, parallelFraction, workSeconds, makespanLowerBoundSeconds, inputTokens,
                outputTokens, writeConflicts, overwrites, claimConflicts, blockedClaims, stragglerGapSeconds,
                estimatedCostUsd, null, null, seed, criticalPathSeconds);
    }
}
