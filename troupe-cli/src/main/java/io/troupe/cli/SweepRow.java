package io.troupe.cli;

/**
 * One run of a sweep, as the tables show it. {@code stragglerGapSeconds} is the metrics service's (null
 * for a run without concurrent turns of two agents, such as any n = 1 run).
 */
public record SweepRow(String suite, String architecture, int agents, String runId, String status,
                       double makespanSeconds, double amdahlBound, long inputTokens, long outputTokens,
                       long writeConflicts, Double stragglerGapSeconds, int testsPassed, int testsTotal) {

    /** The final tests were not run (a remote sweep without the workspace's URL). */
    public static final int NOT_TESTED = -1;

    /** Speedup of this run over a baseline makespan (the n = 1 runs of its cell). */
    public double speedupOver(double baselineMakespan) {
        return baselineMakespan / makespanSeconds;
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }

    public boolean succeeded() {
        boolean testsPass = testsTotal == NOT_TESTED || testsTotal > 0 && testsPassed == testsTotal;
        return "COMPLETED".equals(status) && testsPass;
    }

    /** Same suite and architecture: speedup is measured within a cell family. */
    boolean sameFamily(SweepRow other) {
        return suite.equals(other.suite) && architecture.equals(other.architecture);
    }
}
