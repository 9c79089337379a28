package io.troupe.agent.events;

import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.events.AgentEvent;
import io.troupe.support.outbox.BoundedSend;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes agent events on {@code troupe.agent-events} under the rule of a service without a
 * database ({@link BoundedSend}): each is waited for at most {@code troupe.agent.publish-timeout};
 * one the broker does not acknowledge in time is logged and counted
 * ({@code troupe_agent_events_not_delivered_total}) and the agent goes on: its work does not wait for
 * the broker, and the metrics may miss that event.
 */
@ApplicationScoped
public class AgentEventsPublisher implements AgentEvents {
    public static final String CHANNEL = "agent-events";
    static final String SOURCE = "agent-service";

    private static final Logger LOG = Logger.getLogger(AgentEventsPublisher.class);

    private final Emitter<String> emitter;
    private final AgentMeters meters;
    private final Duration timeout;

    public AgentEventsPublisher(@Channel(CHANNEL) Emitter<String> emitter, AgentMeters meters, AgentConfig config) {
        this.emitter = emitter;
        this.meters = meters;
        this.timeout = config.agent().publishTimeout();
    }

    @Override
    public void publish(AgentEvent event) {
        meters.recorded(event);
        try {
            BoundedSend.send(emitter, SOURCE, event, timeout);
        } catch (BoundedSend.NotDelivered e) {
            meters.notDelivered();
            LOG.warnf("agent event not delivered runId=%s agentId=%s: %s", event.runId(), event.agentId(),
                    e.getMessage());
        }
    }
}
