package io.troupe.agent.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The agents' Prometheus meters at {@code /q/metrics}: {@code troupe_turns_total{model}} (LLM calls)
 * and {@code troupe_tokens_total{model,direction}} ({@code direction} is {@code input} or
 * {@code output}), counted as the events that record them are published, so the dashboard and the
 * metrics service count the same turns.
 */
@ApplicationScoped
public class AgentMeters {
    private final MeterRegistry registry;

    public AgentMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * An event of this process's agents that the broker did not acknowledge in time (see {@link
     * AgentEventsPublisher}).
     */
    void notDelivered() {
        Counter.builder("troupe.agent.events.not.delivered")
                .description("agent events the broker did not acknowledge within troupe.agent.publish-timeout")
                .register(registry).increment();
    }

    /** Counts what {@code event} records; events other than turns carry no meter yet. */
    void recorded(AgentEvent event) {
        // Not a switch over the family: a new agent event needs no meter unless one is added here.
        if (event instanceof TurnCompleted turn) {
            String model = String.valueOf(turn.model());
            Counter.builder("troupe.turns").description("LLM turns (one chat call of one agent)")
                    .tag("model", model).register(registry).increment();
            tokens(model, "input").increment(turn.inputTokens());
            tokens(model, "output").increment(turn.outputTokens());
        }
    }

    private Counter tokens(String model, String direction) {
        return Counter.builder("troupe.tokens").description("LLM tokens, by direction")
                .tag("model", model).tag("direction", direction).register(registry);
    }
}
