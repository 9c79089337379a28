package io.troupe.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep runs: every suite x architecture x team size x repetition, in that order, with
 * one simulated model for all agents. Repetition r runs with {@code seeds.get(r)}: the same seeds
 * in every cell, so two sweeps with the same seeds run the same cells the same way.
 */
public record SweepPlan(List<String> suites, List<String> architectures, List<Integer> sizes, List<Long> seeds,
                        String model, long latencyMillis) {

    public SweepPlan {
        seeds = List.copyOf(seeds);
    }

    /** One run of the plan: repetition {@code rep}, with {@code seed}. */
    public record Cell(String suite, String architecture, int agents, int rep, long seed) {
    }

    /** The same plan with {@code other} as every agent's model. */
    public SweepPlan withModel(String other) {
        return new SweepPlan(suites, architectures, sizes, seeds, other, latencyMillis);
    }

    /** Seeds {@code first}, {@code first + 1}, … for {@code reps} repetitions. */
    public static List<Long> seeds(long first, int reps) {
        List<Long> seeds = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            seeds.add(first + r);
        }
        return seeds;
    }

    public int reps() {
        return seeds.size();
    }

    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (String suite : suites) {
            for (String architecture : architectures) {
                for (int n : sizes) {
                    for (int rep = 0; rep < seeds.size(); rep++) {
                        cells.add(new Cell(suite, architecture, n, rep, seeds.get(rep)));
                    }
                }
            }
        }
        return cells;
    }

    /**
     * The agent workers the largest run needs: its team, plus the lead that a {@code lead} run
     * recruits besides its team (without a live lead, such a run would wait for ever).
     */
    public int largestTeam() {
        return cells().stream().mapToInt(SweepPlan::workersOf).max().orElse(1);
    }

    /** The agent workers {@code cell}'s run recruits: its team, and a lead for a {@code lead} run. */
    public static int workersOf(Cell cell) {
        return "lead".equals(cell.architecture()) ? cell.agents() + 1 : cell.agents();
    }

    /**
     * The agent workers a local stack gets for {@code runsAtOnce} runs side by side: enough for that many runs
     * of the largest team (or for every cell, if fewer), but at most {@link SweepCommand#MAX_WORKERS}.
     */
    public int workersFor(int runsAtOnce) {
        int all = cells().stream().mapToInt(SweepPlan::workersOf).sum();
        long wanted = Math.min((long) runsAtOnce * largestTeam(), all);
        return (int) Math.max(largestTeam(), Math.min(wanted, SweepCommand.MAX_WORKERS));
    }
}
