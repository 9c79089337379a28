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
    private Preassignment() {
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
