package io.troupe.coordinator.agents;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.troupe.protocol.events.AgentEvent.AgentHeartbeat;
import io.troupe.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds the agents' heartbeats ({@code troupe.agent-heartbeats}) into the {@link AgentRegistry}.
 * Every coordinator process reads the whole topic (a consumer group of its own).
 */
@ApplicationScoped
public class HeartbeatConsumer {
    public static final String CHANNEL = "agent-heartbeats";

    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    private final AgentRegistry registry;
    private final HeartbeatBacklog backlog;

    public HeartbeatConsumer(AgentRegistry registry, HeartbeatBacklog backlog) {
        this.registry = registry;
        this.backlog = backlog;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onMessage(Message<String> message) {
        try {
            CloudEvents.decode(message).ifPresent(received -> {
                if (received.event() instanceof AgentHeartbeat heartbeat) {
                    registry.heard(heartbeat, Instant.now());
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a malformed heartbeat: %s", e.getMessage());
        }
        message.getMetadata(IncomingKafkaRecordMetadata.class)
                .ifPresent(record -> backlog.read(record.getTopic(), record.getPartition(), record.getOffset()));
        return message.ack();
    }
}
