package io.troupe.protocol.events;

import java.time.Instant;

/** Task board transitions, on {@code troupe.task-events}. */
public sealed interface TaskEvent extends TroupeEvent {

    String taskId();

    /** All dependencies are DONE. */
    record TaskReady(String runId, String taskId, Instant at) implements TaskEvent {
    }

    /** The task now belongs to one agent. */
    record TaskClaimed(String runId, String taskId, String agentId, Instant at) implements TaskEvent {
    }

    /** The owning agent completed the task. */
    record TaskDone(String runId, String taskId, String agentId, Instant at) implements TaskEvent {
    }
}
