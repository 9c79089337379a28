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
        return cells().stream().mapToInt(SweepPlan::workersOf).max().orElse(1);
    }

    /** The agent workers {@code cell}'s run recruits: its team, and a lead for a {@code lead} run. */
    public static int workersOf(Cell cell) {
        return "lead".equals(cell.architecture()) ? cell.agents() + 1 : cell.agents();
    }

    /**
     * The agent workers a local stack gets for running cells side by side: enough for every cell at
     * once, but at most {@code cap} (and never fewer than the largest run needs).
     */
    public int workersFor(int cap) {
        int all = cells().stream().mapToInt(SweepPlan::workersOf).sum();
        return Math.max(largestTeam(), Math.min(all, cap));
    }

    /** A suite's size: its tasks and the tasks on its critical path. */
    public record Shape(int tasks, int criticalPath) {
        /**
         * The task-times a run of {@code n} agents takes at least: the critical path, or the tasks
         * shared out evenly (the makespan lower bound of the metrics).
         */
        public int lowerBound(int n) {
            return Math.max(criticalPath, (tasks + n - 1) / n);
        }
    }
}
