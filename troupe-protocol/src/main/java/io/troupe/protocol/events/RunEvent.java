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
     * older than this field).
     */
    record RunStarted(String runId, String experimentId, String suiteId, String architecture, int agents,
                      String model, int taskCount, int criticalPath, double parallelFraction,
                      Instant at, Map<String, List<String>> dependencies) implements RunEvent {

        public RunStarted {
            // Insertion order is the suite's declaration order, which breaks ties between equal chains.
            Map<String, List<String>> copy = new LinkedHashMap<>();
            if (dependencies != null) {
                dependencies.forEach((task, deps) -> copy.put(task, deps == null ? List.of() : List.copyOf(deps)));
            }
            dependencies = Collections.unmodifiableMap(copy);
        }

        /** A start without the DAG's edges. */
        public RunStarted(String runId, String experimentId, String suiteId, String architecture, int agents,
                          String model, int taskCount, int criticalPath, double parallelFraction, Instant at) {
            this(runId, experimentId, suiteId, architecture, agents, model, taskCount, criticalPath,
                    parallelFraction, at, Map.of());
        }
    }

    /** Every task of the run is DONE ({@code COMPLETED}) or the run gave up ({@code FAILED}). */
    record RunFinished(String runId, String status, Instant at) implements RunEvent {
    }
}
