package io.troupe.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep runs: every suite x architecture x team size x repetition, in that order, with
 * one simulated model for all agents.
 */
public record SweepPlan(List<String> suites, List<String> architectures, List<Integer> sizes, int reps,
                        String model, long latencyMillis) {

    /** One run of the plan. */
    public record Cell(String suite, String architecture, int agents, int rep) {
    }

    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (String suite : suites) {
            for (String architecture : architectures) {
                for (int n : sizes) {
                    for (int rep = 0; rep < reps; rep++) {
                        cells.add(new Cell(suite, architecture, n, rep));
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
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(1);
        return architectures.contains("lead") ? largest + 1 : largest;
    }
}
