package io.troupe.metrics.experiments;

/**
 * One cell of an experiment (suite, architecture, team size) over its finished repetitions.
 * Speedup and token multiplier are against the n = 1 cell of the same suite and architecture:
 * each run's makespan is compared with the mean n = 1 makespan; null without such a cell.
 * {@code stragglerGapSeconds} and {@code estimatedCostUsd} are over the runs that have one (null if
 * none has).
 */
public record CellSummary(String suite, String architecture, int agents, int runs, int completed,
                          Double amdahlBound, Stats makespanSeconds, Stats speedup, Stats tokens,
                          Double tokenMultiplier, Double speedupPerTokenMultiplier, Stats writeConflicts,
                          Stats overwrites, Stats claimConflicts, Stats blockedClaims,
                          Double parallelFraction, Stats stragglerGapSeconds, Stats estimatedCostUsd) {
}
