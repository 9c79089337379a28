package io.troupe.cli;

/** One run of a sweep, as the table shows it. */
public record SweepRow(int agents, String runId, String status, double makespanSeconds, double amdahlBound,
                       long inputTokens, long outputTokens, long writeConflicts, int testsPassed, int testsTotal) {

    /** The final tests were not run (a remote sweep without the workspace's URL). */
    public static final int NOT_TESTED = -1;

    /** Speedup of this run over {@code baseline} (the n = 1 run): the ratio of their makespans. */
    public double speedupOver(SweepRow baseline) {
        return baseline.makespanSeconds() / makespanSeconds;
    }

    public boolean succeeded() {
        boolean testsPass = testsTotal == NOT_TESTED || testsTotal > 0 && testsPassed == testsTotal;
        return "COMPLETED".equals(status) && testsPass;
    }
}
