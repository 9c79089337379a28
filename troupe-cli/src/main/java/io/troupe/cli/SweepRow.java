package io.troupe.cli;

/** One run of a sweep, as the table shows it. */
public record SweepRow(int agents, String runId, String status, double makespanSeconds, double amdahlBound,
                       long inputTokens, long outputTokens, long writeConflicts, int testsPassed, int testsTotal) {

    /** Speedup of this run over {@code baseline} (the n = 1 run): the ratio of their makespans. */
    public double speedupOver(SweepRow baseline) {
        return baseline.makespanSeconds() / makespanSeconds;
    }

    public boolean succeeded() {
        return "COMPLETED".equals(status) && testsTotal > 0 && testsPassed == testsTotal;
    }
}
