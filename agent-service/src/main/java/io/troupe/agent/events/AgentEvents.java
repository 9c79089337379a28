package io.troupe.agent.events;

import io.troupe.protocol.events.AgentEvent;

/** Where the agent loop reports what agents did. */
public interface AgentEvents {

    /** Publishes {@code event}; returns once the broker has it. */
    void publish(AgentEvent event);
}
