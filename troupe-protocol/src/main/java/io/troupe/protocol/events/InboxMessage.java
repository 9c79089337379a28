package io.troupe.protocol.events;

import io.troupe.protocol.suite.TaskSpec;
import java.time.Instant;
import java.util.List;

/** What is addressed to one agent, on {@code troupe.agent-inbox}. */
public sealed interface InboxMessage extends TroupeEvent {

    String agentId();

    /**
     * The coordinator gives {@code task} to {@code agentId}. {@code dependencyFiles} are the files
     * owned by the task's dependencies, which the agent reads as context.
     */
    record Assignment(String runId, String agentId, String suiteId, TaskSpec task, List<String> dependencyFiles,
                      ModelSpec model, Instant at) implements InboxMessage {
    }
}
