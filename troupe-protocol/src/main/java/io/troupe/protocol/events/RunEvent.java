package io.troupe.protocol.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Facts about a run as a whole, on {@code troupe.run-events}. */
public sealed interface RunEvent extends TroupeEvent {

    /**
     * A run was created and its first tasks released. Carries the DAG's shape so that
     * consumers can compute bounds and critical paths without asking the coordinator:
     * {@code dependencies} maps every task id to the ids it depends on (empty from producers
     * older than this field). {@code team} names the {@code agents} agents the run recruited, in
     * team order (agent index 0 first); empty from a producer that predates recruiting, whose team
     * is {@code agent-1} … {@code agent-n}. {@code lead} is the extra agent that assigns the tasks of
     * a {@code lead} run (null in other architectures). {@code seed} is the simulated models' seed
     * (null for real models, or from a producer older than this field): runs of one seed do the same
     * work at every team size (common random numbers), so their makespans compare pairwise.
     * {@code execution} is how the team takes turns ({@code event-driven}, or {@code rounds}: one turn
     * per member per round, see {@link io.troupe.protocol.Execution}); null from older producers and
     * for event-driven runs.
     */
    record RunStarted(String runId, String experimentId, String suiteId, String architecture, int agents,
                      String model, int taskCount, int criticalPath, double parallelFraction,
                      Instant at, List<String> team, String lead, Map<String, List<String>> dependencies,
                      Long seed, String execution)
            implements RunEvent {

        public RunStarted {
            team = team == null ? List.of() : List.copyOf(team);
            // Insertion order is the suite's declaration order, which breaks ties between equal chains.
            Map<String, List<String>> copy = new LinkedHashMap<>();
            if (dependencies != null) {
                dependencies.forEach((task, deps) -> copy.put(task, deps == null ? List.of() : List.copyOf(deps)));
            }
            dependencies = Collections.unmodifiableMap(copy);
        }

        /** An event-driven run. */
        public RunStarted(String runId, String experimentId, String suiteId, String architecture, int agents,
                          String model, int taskCount, int criticalPath, double parallelFraction, Instant at,
                          List<String> team, String lead, Map<String, List<String>> dependencies, Long seed) {
            this(runId, experimentId, suiteId, architecture, agents, model, taskCount, criticalPath,
                    parallelFraction, at, team, lead, dependencies, seed, null);
        }

        /** Whether the run's team takes its turns in rounds. */
        public boolean inRounds() {
            return io.troupe.protocol.Execution.byName(execution).orElse(io.troupe.protocol.Execution.EVENT_DRIVEN)
                    == io.troupe.protocol.Execution.ROUNDS;
        }

        /** A run without a seed (a real model's). */
        public RunStarted(String runId, String experimentId, String suiteId, String architecture, int agents,
                          String model, int taskCount, int criticalPath, double parallelFraction, Instant at,
                          List<String> team, String lead, Map<String, List<String>> dependencies) {
            this(runId, experimentId, suiteId, architecture, agents, model, taskCount, criticalPath,
                    parallelFraction, at, team, lead, dependencies, null);
        }

        /** A run whose team is the default {@code agent-1} … {@code agent-n}, without the DAG's edges. */
        public RunStarted(String runId, String experimentId, String suiteId, String architecture, int agents,
                          String model, int taskCount, int criticalPath, double parallelFraction, Instant at) {
            this(runId, experimentId, suiteId, architecture, agents, model, taskCount, criticalPath,
                    parallelFraction, at, List.of(), null, Map.of());
        }

        /** A run whose team is the default {@code agent-1} … {@code agent-n}. */
        public RunStarted(String runId, String experimentId, String suiteId, String architecture, int agents,
                          String model, int taskCount, int criticalPath, double parallelFraction, Instant at,
                          Map<String, List<String>> dependencies) {
            this(runId, experimentId, suiteId, architecture, agents, model, taskCount, criticalPath,
                    parallelFraction, at, List.of(), null, dependencies);
        }

        /** A run with a named team, without the DAG's edges. */
        public RunStarted(String runId, String experimentId, String suiteId, String architecture, int agents,
                          String model, int taskCount, int criticalPath, double parallelFraction, Instant at,
                          List<String> team, String lead) {
            this(runId, experimentId, suiteId, architecture, agents, model, taskCount, criticalPath,
                    parallelFraction, at, team, lead, Map.of());
        }

        /**
         * Whether the worker {@code agentId}, number {@code index} of its process, is on the team:
         * named in {@code team}, or, when the team is not named, one of the first {@code agents}.
         */
        public boolean hasOnTeam(String agentId, int index) {
            return team.isEmpty() ? index <= agents : team.contains(agentId);
        }
    }

    /**
     * Every task of the run is DONE ({@code COMPLETED}) or the run gave up ({@code FAILED}, also when a
     * run in rounds used its {@code maxRounds}). {@code rounds} is the rounds a run in rounds used (the
     * round it ended in); null for an event-driven run.
     */
    record RunFinished(String runId, String status, Instant at, Integer rounds) implements RunEvent {

        /** An event-driven run's end. */
        public RunFinished(String runId, String status, Instant at) {
            this(runId, status, at, null);
        }
    }
}
