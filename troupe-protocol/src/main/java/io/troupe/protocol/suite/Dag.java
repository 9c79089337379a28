package io.troupe.protocol.suite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependency graph of a suite, with unit task weights: the critical path is the longest
 * chain of tasks, {@code p = 1 - CP/N} the parallel fraction (the paper's definition).
 */
public final class Dag {
    private final Map<String, List<String>> dependencies;
    private final List<String> order;
    private final List<String> criticalPath;

    private Dag(Map<String, List<String>> dependencies, List<String> order) {
        this.dependencies = dependencies;
        this.order = order;
        this.criticalPath = longestChain();
    }

    /**
     * Builds the DAG of {@code tasks}; assumes ids are unique and dependencies known (the
     * {@link SuiteLoader} checks that first), and refuses a cycle, naming it.
     */
    public static Dag of(List<TaskSpec> tasks) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        tasks.forEach(t -> deps.put(t.id(), t.dependencies()));
        List<String> cycle = findCycle(deps);
        if (!cycle.isEmpty()) {
            throw new InvalidSuiteException(List.of("dependency cycle: " + String.join(" -> ", cycle)));
        }
        return new Dag(deps, topologicalOrder(deps));
    }

    public List<String> topologicalOrder() {
        return order;
    }

    public List<String> dependenciesOf(String taskId) {
        return dependencies.getOrDefault(taskId, List.of());
    }

    /** Tasks that list {@code taskId} as a dependency, in topological order. */
    public List<String> dependentsOf(String taskId) {
        return order.stream().filter(t -> dependencies.get(t).contains(taskId)).toList();
    }

    public int size() {
        return order.size();
    }

    /** The longest chain of dependent tasks, first task first. */
    public List<String> criticalPath() {
        return criticalPath;
    }

    public double parallelFraction() {
        return size() == 0 ? 0 : 1.0 - (double) criticalPath.size() / size();
    }

    /**
     * Amdahl's law with {@code n} agents, {@code 1 / ((1 - p) + p / n)}: the paper's prediction, not a
     * limit (see {@link Bounds}).
     */
    public double amdahlBound(int n) {
        return Bounds.amdahl(parallelFraction(), n);
    }

    /** No schedule of unit tasks on {@code n} agents is shorter than this many task-times. */
    public int makespanLowerBound(int n) {
        return Bounds.unitMakespanLowerBound(size(), criticalPath.size(), n);
    }

    /** The highest speedup unit tasks allow on {@code n} agents: {@code N / max(CP, ceil(N / n))}. */
    public double speedupLimit(int n) {
        return Bounds.speedupLimit(size(), criticalPath.size(), n);
    }

    private List<String> longestChain() {
        Map<String, Integer> depth = new HashMap<>();
        Map<String, String> via = new HashMap<>();
        String last = null;
        for (String task : order) {
            int best = 0;
            for (String dep : dependencies.get(task)) {
                if (depth.get(dep) > best) {
                    best = depth.get(dep);
                    via.put(task, dep);
                }
            }
            depth.put(task, best + 1);
            if (last == null || depth.get(task) > depth.get(last)) {
                last = task;
            }
        }
        List<String> chain = new ArrayList<>();
        for (String t = last; t != null; t = via.get(t)) {
            chain.add(t);
        }
        Collections.reverse(chain);
        return List.copyOf(chain);
    }

    // Kahn's algorithm; ties broken by declaration order so assignments are reproducible.
    private static List<String> topologicalOrder(Map<String, List<String>> deps) {
        Map<String, Integer> missing = new LinkedHashMap<>();
        deps.forEach((task, d) -> missing.put(task, d.size()));
        List<String> result = new ArrayList<>();
        Deque<String> ready = new ArrayDeque<>();
        missing.forEach((task, m) -> {
            if (m == 0) {
                ready.add(task);
            }
        });
        while (!ready.isEmpty()) {
            String task = ready.poll();
            result.add(task);
            deps.forEach((other, d) -> {
                if (d.contains(task) && missing.merge(other, -1, Integer::sum) == 0) {
                    ready.add(other);
                }
            });
        }
        return List.copyOf(result);
    }

    private static List<String> findCycle(Map<String, List<String>> deps) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the stack, 2 = done
        Deque<String> stack = new ArrayDeque<>();
        for (String start : deps.keySet()) {
            List<String> cycle = visit(start, deps, state, stack);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(String task, Map<String, List<String>> deps, Map<String, Integer> state,
                                      Deque<String> stack) {
        Integer s = state.get(task);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null) {
            List<String> path = new ArrayList<>(stack);
            Collections.reverse(path);
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(task), path.size()));
            cycle.add(task);
            return cycle;
        }
        state.put(task, 1);
        stack.push(task);
        for (String dep : deps.getOrDefault(task, List.of())) {
            List<String> cycle = visit(dep, deps, state, stack);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        stack.pop();
        state.put(task, 2);
        return List.of();
    }
}
