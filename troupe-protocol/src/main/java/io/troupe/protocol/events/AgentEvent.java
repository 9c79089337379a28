package io.troupe.protocol.events;

import java.time.Instant;

/** What agents did, on {@code troupe.agent-events}. */
public sealed interface AgentEvent extends TroupeEvent {

    String agentId();

    /** One LLM call of one agent, with its latency and token usage. */
    record TurnCompleted(String runId, String agentId, String taskId, String model, long latencyMillis,
                         int inputTokens, int outputTokens, Instant at) implements AgentEvent {
    }
}
