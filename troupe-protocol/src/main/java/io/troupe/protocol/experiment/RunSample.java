package io.troupe.protocol.experiment;

/**
 * One run of an experiment, as a cell's summary needs it: what the metrics service says of the
 * run (see its {@code GET /api/runs/{run}/metrics}), plus what only some callers know. Null where
 * unknown: a run not finished has no makespan; {@code workSeconds} (the sum of its task times) and
 * {@code makespanLowerBoundSeconds} (max(critical path of its task times, work / n)) need a done
 * task; {@code criticalPathModelShare} is the share of the run's critical path spent in model
 * turns ({@code GET /api/runs/{run}/critical-path}); {@code finalTestsPassed} whether all the
 * suite's tests passed on the run's final files (null: not run); {@code seed} the simulated models' seed
 * (null: a real model, or not known), by which runs pair with the n = 1 run of the same seed;
 * {@code criticalPathSeconds} the longest chain of dependent tasks weighted by the run's task times;
 * {@code concurrentWrites} the paper's {@code concurrent_writes} (windows in which two or more agents wrote one
 * path) and {@code crossAgentRewrites} the writes of a path whose previous version was another agent's (both
 * 0 where not known).
 */
public record RunSample(String runId, String suite, String architecture, int agents, String status,
                        Double makespanSeconds, Integer taskCount, Integer criticalPath, Double parallelFraction,
                        Double workSeconds, Double makespanLowerBoundSeconds, long inputTokens, long outputTokens,
                        long writeConflicts, long overwrites, long claimConflicts, long blockedClaims,
                        Double stragglerGapSeconds, Double estimatedCostUsd, Double criticalPathModelShare,
                        Boolean finalTestsPassed, Long seed, Double criticalPathSeconds, long concurrentWrites,
                        long crossAgentRewrites) {

    /** A sample without the paper's write counts. */
    public RunSample(String runId, String suite, String architecture, int agents, String status,
                     Double makespanSeconds, Integer taskCount, Integer criticalPath, Double parallelFraction,
                     Double workSeconds, Double makespanLowerBoundSeconds, long inputTokens, long outputTokens,
                     long writeConflicts, long overwrites, long claimConflicts, long blockedClaims,
                     Double stragglerGapSeconds, Double estimatedCostUsd, Double criticalPathModelShare,
                     Boolean finalTestsPassed, Long seed, Double criticalPathSeconds) {
        this(runId, suite, architecture, agents, status, makespanSeconds, taskCount, criticalPath, parallelFraction,
                workSeconds, makespanLowerBoundSeconds, inputTokens, outputTokens, writeConflicts, overwrites,
                claimConflicts, blockedClaims, stragglerGapSeconds, estimatedCostUsd, criticalPathModelShare,
                finalTestsPassed, seed, criticalPathSeconds, 0, 0);
    }

    /** A sample without a seed or the critical path of its task times. */
    public RunSample(String runId, String suite, String architecture, int agents, String status,
                     Double makespanSeconds, Integer taskCount, Integer criticalPath, Double parallelFraction,
                     Double workSeconds, Double makespanLowerBoundSeconds, long inputTokens, long outputTokens,
                     long writeConflicts, long overwrites, long claimConflicts, long blockedClaims,
                     Double stragglerGapSeconds, Double estimatedCostUsd, Double criticalPathModelShare,
                     Boolean finalTestsPassed) {
        this(runId, suite, architecture, agents, status, makespanSeconds, taskCount, criticalPath, parallelFraction,
                workSeconds, makespanLowerBoundSeconds, inputTokens, outputTokens, writeConflicts, overwrites,
                claimConflicts, blockedClaims, stragglerGapSeconds, estimatedCostUsd, criticalPathModelShare,
                finalTestsPassed, null, null, 0, 0);
    }

    /** The status of a run all of whose tasks are done. */
    public static final String COMPLETED = "COMPLETED";

    public boolean completed() {
        return COMPLETED.equals(status) && makespanSeconds != null && makespanSeconds > 0;
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }

    /** This sample with the share of model time on its critical path. */
    public RunSample withCriticalPathModelShare(Double share) {
        return new RunSample(runId, suite, architecture, agents, status, makespanSeconds, taskCount, criticalPath,
                parallelFraction, workSeconds, makespanLowerBoundSeconds, inputTokens, outputTokens, writeConflicts,
                overwrites, claimConflicts, blockedClaims, stragglerGapSeconds, estimatedCostUsd, share,
                finalTestsPassed, seed, criticalPathSeconds, concurrentWrites, crossAgentRewrites);
    }

    /** This sample with the outcome of the final tests. */
    public RunSample withFinalTestsPassed(Boolean passed) {
        return new RunSample(runId, suite, architecture, agents, status, makespanSeconds, taskCount, criticalPath,
                parallelFraction, workSeconds, makespanLowerBoundSeconds, inputTokens, outputTokens, writeConflicts,
                overwrites, claimConflicts, blockedClaims, stragglerGapSeconds, estimatedCostUsd,
                criticalPathModelShare, passed, seed, criticalPathSeconds, concurrentWrites, crossAgentRewrites);
    }
}
