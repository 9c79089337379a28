package io.troupe.cli;

import io.troupe.protocol.experiment.RunSample;
import java.util.Map;

/**
 * One run of a sweep: what the metrics service says of it ({@code run}, the input of the cell summaries
 * in {@code troupe-protocol}), the seed it ran with, its final tests and who did which task
 * ({@code assignments}: task id to the agent's place in the run's team, 0 first; -1 for a task nobody
 * did).
 */
public record SweepRow(RunSample run, long seed, int testsPassed, int testsTotal, Map<String, Integer> assignments) {

    /** The final tests were not run (a remote sweep without the workspace's URL). */
    public static final int NOT_TESTED = -1;

    public SweepRow {
        assignments = Map.copyOf(assignments);
    }

    public String suite() {
        return run.suite();
    }

    public String architecture() {
        return run.architecture();
    }

    public int agents() {
        return run.agents();
    }

    public String runId() {
        return run.runId();
    }

    public String status() {
        return run.status();
    }

    /** The run's makespan in seconds, 0 when the metrics service has none. */
    public double makespanSeconds() {
        return run.makespanSeconds() == null ? 0 : run.makespanSeconds();
    }

    public boolean succeeded() {
        boolean testsPass = testsTotal == NOT_TESTED || testsTotal > 0 && testsPassed == testsTotal;
        return RunSample.COMPLETED.equals(run.status()) && testsPass;
    }

    /** The run as a sample of the cell summaries, with whether its final tests passed (null if not run). */
    public RunSample sample() {
        return run.withFinalTestsPassed(testsTotal == NOT_TESTED ? null : testsTotal > 0 && testsPassed == testsTotal);
    }
}
