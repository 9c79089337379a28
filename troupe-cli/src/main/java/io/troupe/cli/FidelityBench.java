package io.troupe.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The arithmetic of {@code troupe bench fidelity}: whether a run's makespan is the same inside a full
 * sweep as alone (within 5 %), and whether a cell run twice with one seed repeats itself (the same
 * assignments; makespans within 2 % preassigned, 10 % where agents race for tasks).
 */
final class FidelityBench {
    static final String SUITE = "numlib-p09";
    static final String ARCHITECTURE = "preassigned";
    static final List<Integer> SIZES = List.of(1, 3);
    /** Largest relative change of a makespan between alone and inside a sweep. */
    static final double SWEEP_TOLERANCE = 0.05;
    /** Largest relative difference of two runs of one cell with one seed: preassigned. */
    static final double REPEAT_TOLERANCE_PREASSIGNED = 0.02;
    /** Likewise where who takes a task is a race (queue, decentralized). */
    static final double REPEAT_TOLERANCE_RACING = 0.10;

    private FidelityBench() {
    }

    /** Inside-the-sweep over alone; it passes within {@link #SWEEP_TOLERANCE} of 1. */
    record Ratio(String what, double alone, double inSweep) {
        double ratio() {
            return inSweep / alone;
        }

        boolean passes() {
            return alone > 0 && Math.abs(ratio() - 1) <= SWEEP_TOLERANCE;
        }
    }

    /**
     * Two runs of one cell with one seed: their makespans, and how many tasks went to another member of the team
     * (by team place). Same assignments are required of preassigned runs only: in queue and decentralized runs
     * agents race for tasks, so who wins a race may differ.
     */
    record Repeat(String architecture, int agents, long seed, double first, double second, int tasks,
                  int moved) {
        double tolerance() {
            return ARCHITECTURE.equals(architecture) ? REPEAT_TOLERANCE_PREASSIGNED : REPEAT_TOLERANCE_RACING;
        }

        /** |a - b| over the shorter of the two. */
        double difference() {
            return Math.abs(first - second) / Math.min(first, second);
        }

        boolean assignmentsRequired() {
            return ARCHITECTURE.equals(architecture);
        }

        boolean passes() {
            return first > 0 && second > 0 && difference() <= tolerance() && (!assignmentsRequired() || moved == 0);
        }
    }

    /**
     * The makespans of {@link #SUITE} {@link #ARCHITECTURE} at each of {@link #SIZES} with {@code seed}, alone
     * and inside the sweep, and the speedup between the two sizes; a size missing from either is left out.
     */
    static List<Ratio> ratios(List<SweepRow> alone, List<SweepRow> sweep, long seed) {
        List<Ratio> ratios = new ArrayList<>();
        for (int n : SIZES) {
            Optional<SweepRow> a = first(alone, n, seed);
            Optional<SweepRow> s = first(sweep, n, seed);
            if (a.isPresent() && s.isPresent()) {
                ratios.add(new Ratio(String.format(Locale.ROOT, "makespan n=%d", n), a.get().makespanSeconds(),
                        s.get().makespanSeconds()));
            }
        }
        if (ratios.size() == SIZES.size() && ratios.stream().allMatch(r -> r.alone() > 0 && r.inSweep() > 0)) {
            Ratio one = ratios.getFirst();
            Ratio many = ratios.getLast();
            ratios.add(new Ratio(String.format(Locale.ROOT, "speedup n=%d", SIZES.getLast()),
                    one.alone() / many.alone(), one.inSweep() / many.inSweep()));
        }
        return ratios;
    }

    /** Every cell of {@code runs} that ran at least twice with one seed, its first two runs compared. */
    static List<Repeat> repeats(List<SweepRow> runs) {
        Map<List<Object>, List<SweepRow>> cells = runs.stream().filter(r -> r.makespanSeconds() > 0)
                .collect(Collectors.groupingBy(r -> List.of(r.suite(), r.architecture(), r.agents(), r.seed())));
        List<Repeat> repeats = new ArrayList<>();
        cells.values().stream().filter(c -> c.size() >= 2)
                .sorted(Comparator.comparing((List<SweepRow> c) -> c.getFirst().architecture())
                        .thenComparingInt(c -> c.getFirst().agents()))
                .forEach(c -> {
                    SweepRow a = c.get(0);
                    SweepRow b = c.get(1);
                    repeats.add(new Repeat(a.architecture(), a.agents(), a.seed(), a.makespanSeconds(),
                            b.makespanSeconds(), a.assignments().size(), moved(a.assignments(), b.assignments())));
                });
        return repeats;
    }

    /** Tasks whose team place differs between two runs (a task only one of them lists counts as moved). */
    static int moved(Map<String, Integer> a, Map<String, Integer> b) {
        int moved = 0;
        for (String task : a.keySet()) {
            if (!Objects.equals(a.get(task), b.get(task))) {
                moved++;
            }
        }
        for (String task : b.keySet()) {
            if (!a.containsKey(task)) {
                moved++;
            }
        }
        return moved;
    }

    /** The bench's verdict lines: PASS or FAIL per ratio and per repeated cell. */
    static String report(List<Ratio> ratios, List<Repeat> repeats) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s %s, inside a full sweep / alone (same seed), each within +-%.0f%%:%n",
                SUITE, ARCHITECTURE, SWEEP_TOLERANCE * 100));
        if (ratios.isEmpty()) {
            out.append("  no run to compare: FAIL\n");
        }
        for (Ratio r : ratios) {
            out.append(String.format(Locale.ROOT, "  %-14s alone %8.2f  in sweep %8.2f  ratio %.3f  %s%n", r.what(),
                    r.alone(), r.inSweep(), r.ratio(), r.passes() ? "PASS" : "FAIL"));
        }
        out.append(String.format(Locale.ROOT, "%s, one cell run twice with one seed (makespans within %.0f%% "
                + "preassigned, %.0f%% queue/decentralized; same assignments preassigned):%n", SUITE,
                REPEAT_TOLERANCE_PREASSIGNED * 100, REPEAT_TOLERANCE_RACING * 100));
        if (repeats.isEmpty()) {
            out.append("  no cell ran twice: FAIL\n");
        }
        for (Repeat r : repeats) {
            String assignments = r.moved() == 0 ? "same assignments"
                    : String.format(Locale.ROOT, "%d of %d tasks on another member%s", r.moved(), r.tasks(),
                            r.assignmentsRequired() ? "" : " (a race; not required)");
            out.append(String.format(Locale.ROOT,
                    "  %-13s n=%d seed %d: %8.2f s and %8.2f s, difference %.1f%%, %s  %s%n",
                    r.architecture(), r.agents(), r.seed(), r.first(), r.second(), r.difference() * 100, assignments,
                    r.passes() ? "PASS" : "FAIL"));
        }
        return out.toString();
    }

    /** Whether every ratio and every repeated cell passed (and there was something to check). */
    static boolean passes(List<Ratio> ratios, List<Repeat> repeats) {
        return !ratios.isEmpty() && !repeats.isEmpty() && ratios.stream().allMatch(Ratio::passes)
                && repeats.stream().allMatch(Repeat::passes);
    }

    private static Optional<SweepRow> first(List<SweepRow> rows, int n, long seed) {
        return rows.stream().filter(r -> SUITE.equals(r.suite()) && ARCHITECTURE.equals(r.architecture())
                && r.agents() == n && r.seed() == seed && r.makespanSeconds() > 0).findFirst();
    }
}
