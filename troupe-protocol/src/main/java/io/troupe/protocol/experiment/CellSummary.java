package io.troupe.protocol.experiment;

/**
 * One cell of an experiment (suite, architecture, team size) over its repetitions, computed by
 * {@link CellSummaries} and only rendered by the metrics service's API and UI and the CLI's table
 * and report.
 *
 * <p>{@code runs} counts the cell's finished runs, {@code completed} those that completed; every
 * statistic is over the completed ones. Times and speedups: {@code makespanSeconds}; {@code
 * baselineMakespanSeconds} the median makespan of the completed n = 1 runs of the same suite and
 * architecture; {@code speedup} each run's speedup over that baseline (null without a baseline).
 * Reference lines: {@code speedupLimit} is the task graph's real limit for unit tasks, {@code
 * N / max(CP, ceil(N / n))}; {@code taskTimeSpeedupLimit} the limit from each run's actual task times,
 * work / max(critical path of the task times, work / n), and {@code makespanLowerBoundSeconds} that
 * bound itself; {@code amdahlPrediction} is Amdahl's {@code 1 / ((1 - p) + p / n)}, the paper's
 * prediction and not a limit. {@code aboveLimit} says the median speedup is above {@code speedupLimit}
 * by more than 5 %: physically impossible for unit tasks, so a defect of the measurement.
 * {@code tokenMultiplier} is the median tokens over the baseline's median tokens. Statistics that not
 * every run has (straggler gap, cost, model share of the critical path) are over the runs that have
 * one, null if none has; {@code finalTestsPassed} counts the runs whose final tests all passed out of
 * {@code finalTestsRun} (null when none were run).
 */
public record CellSummary(String suite, String architecture, int agents, int runs, int completed,
                          Integer taskCount, Integer criticalPath, Double parallelFraction,
                          Double speedupLimit, Spread taskTimeSpeedupLimit, Double amdahlPrediction,
                          Spread makespanSeconds, Spread makespanLowerBoundSeconds, Double baselineMakespanSeconds,
                          Spread speedup, boolean aboveLimit, Spread tokens, Double tokenMultiplier,
                          Double speedupPerTokenMultiplier, Spread writeConflicts, Spread overwrites,
                          Spread claimConflicts, Spread blockedClaims, Spread stragglerGapSeconds,
                          Spread estimatedCostUsd, Spread criticalPathModelShare, Integer finalTestsPassed,
                          Integer finalTestsRun) {
}
