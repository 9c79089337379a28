package io.troupe.metrics.export;

/**
 * One row of the {@code runs} table of the public logs of "Language Model Teams as Distributed
 * Systems": same column names and meanings, so the paper's analysis notebook reads Troupe runs.
 * {@code concurrentWrites} is counted as the paper counted it (see {@code RunMetrics}); {@code crossAgentRewrites}
 * is Troupe's, a last column the paper's table does not have.
 */
public record PaperRun(String runDir, String modelDir, String expDir, String mode, String taskType, String pLabel,
                       double pTrue, long nTeammates, long rep, boolean success, Double wallClockSeconds,
                       long totalRounds, long concurrentWrites, long claimsBlocked, long totalInputTokens,
                       long totalOutputTokens, long crossAgentRewrites) {
}
