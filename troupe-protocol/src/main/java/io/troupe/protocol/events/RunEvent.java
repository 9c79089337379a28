package io.troupe.protocol.events;

import java.time.Instant;

/** Facts about a run as a whole, on {@code troupe.run-events}. */
public sealed interface RunEvent extends TroupeEvent {

    /**
     * A run was created and its first tasks released. Carries the DAG's shape so that
     * consumers can compute bounds without asking the coordinator.
     */
    record RunStarted(String runId, String experimentId, String suiteId, String architecture, int agents,
                      String model, int taskCount, int criticalPath, double parallelFraction,
                      Instant at) implements RunEvent {
    }

    /** Every task of the run is DONE ({@code COMPLETED}) or the run gave up ({@code FAILED}). */
    record RunFinished(String runId, String status, Instant at) implements RunEvent {
    }
}
