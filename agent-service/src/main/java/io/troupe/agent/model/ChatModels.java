package io.troupe.agent.model;

import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.events.ModelSpec;
import jakarta.enterprise.context.ApplicationScoped;

/** The chat models this service offers: for now the simulated one. */
@ApplicationScoped
public class ChatModels implements ChatModelFactory {
    private final double timeScale;
    private final CoordinatorClient coordinator;
    private final TokenCounter tokens;

    public ChatModels(AgentConfig config, CoordinatorClient coordinator, TokenCounter tokens) {
        this.timeScale = config.agent().timeScale();
        this.coordinator = coordinator;
        this.tokens = tokens;
    }

    @Override
    public ChatModel forSpec(ModelSpec spec) {
        if (spec == null || SimulatedChatModel.PROVIDER.equals(spec.provider())) {
            return new SimulatedChatModel(spec == null ? ModelSpec.simulated(0) : spec, timeScale, coordinator, tokens);
        }
        throw new UnsupportedModelException("model provider '" + spec.provider() + "' is not available in this agent "
                + "service; use provider 'simulated'");
    }
}
