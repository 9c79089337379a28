package io.troupe.agent.events;

import io.troupe.protocol.events.AgentEvent;
import io.troupe.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes agent events on {@code troupe.agent-events}. */
@ApplicationScoped
public class AgentEventsPublisher implements AgentEvents {
    public static final String CHANNEL = "agent-events";
    static final String SOURCE = "agent-service";

    private final Emitter<String> emitter;
    private final AgentMeters meters;

    public AgentEventsPublisher(@Channel(CHANNEL) Emitter<String> emitter, AgentMeters meters) {
        this.emitter = emitter;
        this.meters = meters;
    }

    @Override
    public void publish(AgentEvent event) {
        meters.recorded(event);
        CloudEvents.sendAndWait(emitter, SOURCE, event);
    }
}
