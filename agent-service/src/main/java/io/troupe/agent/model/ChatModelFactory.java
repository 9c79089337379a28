package io.troupe.agent.model;

import io.troupe.protocol.events.InboxMessage.Assignment;

/** Finds the chat model a run asks for. */
public interface ChatModelFactory {

    /**
     * The model {@code agentId} uses for {@code assignment} (its run's {@code ModelSpec});
     * {@link UnsupportedModelException} if this service offers none such.
     */
    AgentModel forAssignment(String agentId, Assignment assignment);
}
