package io.troupe.protocol.experiment;

/**
 * One cell of an experiment (suite, architecture, team size) over its repetitions, computed by
 * {@link CellSummaries} and only rendered by the metrics service's API and UI and the CLI's table
 * and report.
 *
 * <p>{@code runs} counts the cell's finished runs, {@code completed} those that completed; every
 * statistic is over the completed ones. Times and speedups: {@code makespanSeconds}; {@code
 * baselineMakespanSeconds} the median makespan of the completed n = 1 runs of the same suite and
 * architecture; {@code speedup} each run's speedup over the n = 1 run of its seed (runs of one seed do
 * the same work, the common random numbers), or over that median when no n = 1 run has its seed (null
 * without a baseline). Reference lines: {@code speedupLimit} is the task graph's limit for unit tasks
 * (every task as long as every other), {@code N / max(CP, ceil(N / n))}; {@code taskTimeSpeedupLimit}
 * the limit from each run's actual task times, {@code T1 / max(critical path of the task times, T1 / n)}
 * with {@code T1} the n = 1 makespan the run is compared with (see {@link CellSummaries#taskTimeLimit}),
 * and {@code makespanLowerBoundSeconds} the bound {@code max(critical path of the task times, work / n)};
 * {@code amdahlPrediction} is Amdahl's {@code 1 / ((1 - p) + p / n)}, the paper's prediction and not a
 * limit. {@code aboveLimit} says the median speedup is above the median task-time limit (the unit-task
 * limit when the task times are unknown) by more than 5 %: physically impossible, so a defect of the
 * measurement. Real and calibrated models' tasks are not of equal times, so a speedup may be above the
 * unit-task limit where the graph's chain holds less than its share of the work.
 * {@code tokenMultiplier} is the median tokens over the baseline's median tokens. Statistics that not
 * every run has (straggler gap, cost, model share of the critical path) are over the runs that have
 * one, null if none has; {@code finalTestsPassed} counts the runs whose final tests all passed out of
 * {@code finalTestsRun} (null when none were run). {@code concurrentWrites} is the paper's
 * {@code concurrent_writes} per run (see {@link RunSample}), {@code crossAgentRewrites} the rewrites of
 * another agent's version per run.
 */
public record CellSummary(String suite, String architecture, int agents, int runs, int completed,
                          Integer taskCount, Integer criticalPath, Double parallelFraction,
                          Double speedupLimit, Spread taskTimeSpeedupLimit, Double amdahlPrediction,
                          Spread makespanSeconds, Spread makespanLowerBoundSeconds, Double baselineMakespanSeconds,
                          Spread speedup, boolean aboveLimit, Spread tokens, Double tokenMultiplier,
                          Double speedupPerTokenMultiplier, Spread writeConflicts, Spread overwrites,
                          Spread claimConflicts, Spread blockedClaims, Spread stragglerGapSeconds,
                          Spread estimatedCostUsd, Spread criticalPathModelShare, Integer finalTestsPassed,
                          Integer finalTestsRun, Spread concurrentWrites, Spread crossAgentRewrites) {
}
