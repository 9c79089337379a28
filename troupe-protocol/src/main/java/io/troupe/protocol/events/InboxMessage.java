package io.troupe.protocol.events;

import io.troupe.protocol.suite.TaskSpec;
import java.time.Instant;
import java.util.List;

/** What is addressed to one agent, on {@code troupe.agent-inbox}. */
public sealed interface InboxMessage extends TroupeEvent {

    String agentId();

    /**
     * The coordinator gives {@code task} to {@code agentId}. {@code dependencyFiles} are the files
     * owned by the task's dependencies, which the agent reads as context. {@code settings} are the
     * agent's settings in the run (null from coordinators older than it: the agent's configuration
     * applies).
     */
    record Assignment(String runId, String agentId, String suiteId, TaskSpec task, List<String> dependencyFiles,
                      ModelSpec model, Instant at, AgentSettings settings) implements InboxMessage {

        /** An assignment without run settings, as the first version of the protocol had it. */
        public Assignment(String runId, String agentId, String suiteId, TaskSpec task, List<String> dependencyFiles,
                          ModelSpec model, Instant at) {
            this(runId, agentId, suiteId, task, dependencyFiles, model, at, null);
        }

        /** The agent's settings in the run; {@link AgentSettings#NONE} if the assignment carries none. */
        public AgentSettings settingsOrNone() {
            return settings == null ? AgentSettings.NONE : settings;
        }
    }

    /**
     * A message from agent {@code from} to agent {@code agentId} of the same run, or to every
     * teammate when {@code agentId} is {@link #ALL}.
     */
    record Message(String runId, String agentId, String from, String text, Instant at) implements InboxMessage {
    }

    /** The addressee of a message to the whole team. */
    String ALL = "all";
}
