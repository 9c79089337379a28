package io.troupe.protocol.suite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one home of the task-graph formulas every part of Troupe prints: Amdahl's law (the paper's
 * prediction), the graph's real limits for unit tasks, and the makespan lower bound from a run's
 * actual task times. {@link Dag}, the metrics service and the CLI all call these.
 *
 * <p>Why both: Amdahl's {@code 1 / ((1 - p) + p / n)} treats the parallel fraction as infinitely
 * divisible, so for whole tasks it is a prediction, not a bound: a 20-task graph with a critical path
 * of 2 (p = 0.9) has an Amdahl value of 2.50 at n = 3 but allows 20 / max(2, 7) = 2.86. The real limit
 * of unit tasks on n agents is {@code N / max(CP, ceil(N / n))}: no schedule is shorter than the
 * critical path nor than the tasks shared out evenly. A measured speedup above it (beyond noise) is a
 * measuring defect, never a result.
 */
public final class Bounds {
    /** How far above a limit a measured speedup may be before it is flagged: 5 %. */
    public static final double LIMIT_TOLERANCE = 0.05;

    private Bounds() {
    }

    /** Amdahl's law at parallel fraction {@code p}: the paper's prediction of the speedup of {@code n} agents. */
    public static double amdahl(double p, int n) {
        return n <= 0 ? 1.0 : 1.0 / ((1 - p) + p / n);
    }

    /**
     * The fewest task-times in which {@code n} agents can run {@code tasks} unit tasks whose longest chain is
     * {@code criticalPath} tasks: {@code max(CP, ceil(N / n))}.
     */
    public static int unitMakespanLowerBound(int tasks, int criticalPath, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be at least 1, not " + n);
        }
        return Math.max(criticalPath, (tasks + n - 1) / n);
    }

    /** The highest speedup over one agent that unit tasks allow: {@code N / max(CP, ceil(N / n))}. */
    public static double speedupLimit(int tasks, int criticalPath, int n) {
        int bound = unitMakespanLowerBound(tasks, criticalPath, n);
        return bound == 0 ? 1.0 : (double) tasks / bound;
    }

    /** Whether {@code speedup} is above {@code limit} by more than {@link #LIMIT_TOLERANCE}. */
    public static boolean aboveLimit(double speedup, double limit) {
        return speedup > limit * (1 + LIMIT_TOLERANCE);
    }

    /**
     * The longest chain of {@code dependencies} weighted by {@code durations} (a task without a duration
     * weighs nothing; a dependency the map does not name is ignored), in the durations' unit.
     */
    public static double weightedCriticalPath(Map<String, List<String>> dependencies, Map<String, Double> durations) {
        Map<String, Double> finish = new HashMap<>();
        double longest = 0;
        for (String task : dependencies.isEmpty() ? durations.keySet() : dependencies.keySet()) {
            longest = Math.max(longest, finish(task, dependencies, durations, finish, 0));
        }
        // Tasks with a duration that the dependency map does not list stand alone.
        for (Map.Entry<String, Double> d : durations.entrySet()) {
            longest = Math.max(longest, d.getValue());
        }
        return longest;
    }

    private static double finish(String task, Map<String, List<String>> dependencies, Map<String, Double> durations,
                                 Map<String, Double> memo, int depth) {
        Double known = memo.get(task);
        if (known != null) {
            return known;
        }
        if (depth > dependencies.size()) {
            throw new IllegalArgumentException("dependency cycle through " + task);
        }
        double start = 0;
        for (String dep : dependencies.getOrDefault(task, List.of())) {
            if (dependencies.containsKey(dep) || durations.containsKey(dep)) {
                start = Math.max(start, finish(dep, dependencies, durations, memo, depth + 1));
            }
        }
        double end = start + durations.getOrDefault(task, 0.0);
        memo.put(task, end);
        return end;
    }

    /**
     * The makespan lower bound of a run from its actual task times: {@code max(critical path of the task
     * durations, total work / n)}. No schedule of these tasks on {@code n} agents is shorter.
     */
    public static double makespanLowerBound(Map<String, List<String>> dependencies, Map<String, Double> durations,
                                            int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be at least 1, not " + n);
        }
        return Math.max(weightedCriticalPath(dependencies, durations), totalWork(durations) / n);
    }

    /** The sum of {@code durations}: the run's work, which one agent would need at least. */
    public static double totalWork(Map<String, Double> durations) {
        return durations.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
