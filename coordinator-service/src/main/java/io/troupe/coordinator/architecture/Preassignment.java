package io.troupe.coordinator.architecture;

import io.troupe.protocol.suite.Dag;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code preassigned} architecture's plan: every task gets an agent before the run starts.
 * Tasks are visited in topological order; a task continues the chain of its first dependency (same
 * agent) unless that dependency already passed its agent on to another task, so each dependency
 * chain stays on one agent; every other task goes to the least-loaded agent (lowest number on a
 * tie), which spreads independent tasks evenly. Deterministic for a given DAG and team size.
 */
public final class Preassignment {
    /** The variant that plans by critical-path-first list scheduling, see {@link #criticalPathFirst}. */
    public static final String CP_FIRST = "cp-first";

    private Preassignment() {
    }

    /** The plan of {@code variant} (null: the default, {@link #plan}). */
    public static Map<String, String> plan(Dag dag, int agents, String variant) {
        return CP_FIRST.equals(variant) ? criticalPathFirst(dag, agents) : plan(dag, agents);
    }

    /** The agents of a team of {@code n}: {@code agent-1} … {@code agent-n}. */
    public static List<String> agents(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(Preassignment::agentName).toList();
    }

    public static String agentName(int number) {
        return "agent-" + number;
    }

    /** Task id to agent id, in topological order. */
    public static Map<String, String> plan(Dag dag, int agents) {
        if (agents < 1) {
            throw new IllegalArgumentException("a team has at least one agent, not " + agents);
        }
        int[] load = new int[agents];
        Map<String, Integer> agentOf = new LinkedHashMap<>();
        Set<String> chainContinued = new HashSet<>();
        for (String task : dag.topologicalOrder()) {
            List<String> deps = dag.dependenciesOf(task);
            int agent;
            if (!deps.isEmpty() && chainContinued.add(deps.getFirst())) {
                agent = agentOf.get(deps.getFirst());
            } else {
                agent = leastLoaded(load);
            }
            agentOf.put(task, agent);
            load[agent]++;
        }
        Map<String, String> plan = new LinkedHashMap<>();
        agentOf.forEach((task, agent) -> plan.put(task, agentName(agent + 1)));
        return plan;
    }

    /**
     * Critical-path-first list scheduling with unit task times: step by step, the ready tasks with
     * the longest chain of dependents still ahead of them (their bottom level; ties in topological
     * order) go to the agents free in that step. A task goes to the agent of one of its
     * dependencies if that agent is free in the step (its files are fresh there); the others then
     * go to the least-loaded free agents (lowest number on a tie). Deterministic.
     */
    public static Map<String, String> criticalPathFirst(Dag dag, int agents) {
        if (agents < 1) {
            throw new IllegalArgumentException("a team has at least one agent, not " + agents);
        }
        List<String> order = dag.topologicalOrder();
        Map<String, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        Map<String, Integer> bottom = new java.util.HashMap<>();
        for (String task : order.reversed()) {
            int below = dag.dependentsOf(task).stream().mapToInt(bottom::get).max().orElse(0);
            bottom.put(task, below + 1);
        }
        int[] load = new int[agents];
        Map<String, Integer> agentOf = new java.util.HashMap<>();
        Set<String> scheduled = new HashSet<>();
        while (scheduled.size() < order.size()) {
            List<String> ready = order.stream().filter(t -> !scheduled.contains(t))
                    .filter(t -> scheduled.containsAll(dag.dependenciesOf(t)))
                    .sorted(java.util.Comparator.comparing((String t) -> -bottom.get(t)).thenComparing(position::get))
                    .limit(agents).toList();
            boolean[] busy = new boolean[agents];
            // Tasks that can continue a dependency's agent choose first, so a chain is not cut by a
            // task that could have gone anywhere.
            List<String> unplaced = new java.util.ArrayList<>();
            for (String task : ready) {
                dag.dependenciesOf(task).stream().map(agentOf::get).filter(a -> !busy[a]).findFirst()
                        .ifPresentOrElse(agent -> place(task, agent, busy, load, agentOf), () -> unplaced.add(task));
            }
            unplaced.forEach(task -> place(task, leastLoadedFree(load, busy), busy, load, agentOf));
            scheduled.addAll(ready);
        }
        Map<String, String> plan = new LinkedHashMap<>();
        order.forEach(task -> plan.put(task, agentName(agentOf.get(task) + 1)));
        return plan;
    }

    private static void place(String task, int agent, boolean[] busy, int[] load, Map<String, Integer> agentOf) {
        busy[agent] = true;
        load[agent]++;
        agentOf.put(task, agent);
    }

    private static int leastLoadedFree(int[] load, boolean[] busy) {
        int best = -1;
        for (int i = 0; i < load.length; i++) {
            if (!busy[i] && (best < 0 || load[i] < load[best])) {
                best = i;
            }
        }
        return best;
    }

    private static int leastLoaded(int[] load) {
        int best = 0;
        for (int i = 1; i < load.length; i++) {
            if (load[i] < load[best]) {
                best = i;
            }
        }
        return best;
    }
}
