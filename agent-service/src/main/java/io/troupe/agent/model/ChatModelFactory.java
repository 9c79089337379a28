package io.troupe.agent.model;

import io.troupe.protocol.events.AgentSettings;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.ModelSpec;

/** Finds the chat model a run asks for. */
public interface ChatModelFactory {

    /**
     * The model {@code agentId} uses for {@code assignment} (its run's {@code ModelSpec});
     * {@link UnsupportedModelException} if this service offers none such.
     */
    AgentModel forAssignment(String agentId, Assignment assignment);

    /**
     * The model {@code agentId} calls for an idle turn (no task) of the run in rounds {@code runId}, whose
     * model is {@code model} and whose settings for the agent are {@code run}; {@link
     * UnsupportedModelException} if this factory offers none.
     */
    default AgentModel forIdleTurn(String agentId, String runId, ModelSpec model, AgentSettings run) {
        throw new UnsupportedModelException("no model for idle turns here (runId=" + runId + " agentId=" + agentId
                + ")");
    }
}
