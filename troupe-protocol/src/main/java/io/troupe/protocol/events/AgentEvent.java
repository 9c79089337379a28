package io.troupe.protocol.events;

import java.time.Instant;

/** What agents did, on {@code troupe.agent-events}. */
public sealed interface AgentEvent extends TroupeEvent {

    String agentId();

    /** One LLM call of one agent, with its latency and token usage. */
    record TurnCompleted(String runId, String agentId, String taskId, String model, long latencyMillis,
                         int inputTokens, int outputTokens, Instant at) implements AgentEvent {
    }

    /**
     * One tool call an agent's model asked for, and how it went. {@code outcome} is {@code ok},
     * {@code error} (the tool ran and failed, e.g. a write conflict or failing tests),
     * {@code malformed} (arguments that are not valid JSON or lack a required one),
     * {@code unknown-tool}, {@code not-available} (no backend in this architecture) or
     * {@code no-tool-call} (the model answered with text only; {@code tool} is empty).
     */
    record ToolCalled(String runId, String agentId, String taskId, String tool, String outcome, String detail,
                      Instant at) implements AgentEvent {
    }

    /**
     * An agent gave up a task without completing it: its turn budget was spent, or its model
     * failed. The task stays with the coordinator as it was (CLAIMED by this agent).
     */
    record TaskAbandoned(String runId, String agentId, String taskId, String reason, int turns, Instant at)
            implements AgentEvent {
    }

    /** An agent is about to call its model: turn {@code turn} on {@code taskId}. */
    record TurnStarted(String runId, String agentId, String taskId, String model, int turn, Instant at)
            implements AgentEvent {
    }

    /** An agent sent a message to {@code to} (an agent id, or {@code all}) of {@code chars} characters. */
    record MessageSent(String runId, String agentId, String taskId, String to, int chars, Instant at)
            implements AgentEvent {
    }

    /** An agent started working on {@code taskId}. */
    record AgentBusy(String runId, String agentId, String taskId, Instant at) implements AgentEvent {
    }

    /** An agent finished with {@code taskId} (done or given up) and has nothing queued. */
    record AgentIdle(String runId, String agentId, String taskId, Instant at) implements AgentEvent {
    }

    /**
     * A worker says it is alive, every few seconds, on {@code troupe.agent-heartbeats}: {@code state}
     * is {@code IDLE} or {@code BUSY}; {@code runId} is the run it works for (null when idle);
     * {@code host} names the process hosting it. The coordinator recruits teams from the agents whose
     * heartbeats keep coming.
     */
    record AgentHeartbeat(String runId, String agentId, String state, String host, Instant at)
            implements AgentEvent {
        public static final String IDLE = "IDLE";
        public static final String BUSY = "BUSY";
    }
}
