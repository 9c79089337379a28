package io.troupe.coordinator.events;

import io.troupe.support.outbox.OutboxRecord;
import io.troupe.support.outbox.OutboxSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** How the coordinator's outbox relay sends a row: through the emitter of its channel. */
@ApplicationScoped
public class OutboxDelivery implements OutboxSender {
    private final OutboxSender emitters;

    @Inject
    public OutboxDelivery(@Channel(EventPublisher.RUN_EVENTS) Emitter<String> runEvents,
                          @Channel(EventPublisher.TASK_EVENTS) Emitter<String> taskEvents,
                          @Channel(EventPublisher.AGENT_INBOX) Emitter<String> agentInbox,
                          @Channel(EventPublisher.TASKS_READY) Emitter<String> tasksReady) {
        this.emitters = OutboxSender.emitters(EventPublisher.SOURCE, Map.of(EventPublisher.RUN_EVENTS, runEvents,
                EventPublisher.TASK_EVENTS, taskEvents, EventPublisher.AGENT_INBOX, agentInbox,
                EventPublisher.TASKS_READY, tasksReady));
    }

    @Override
    public CompletionStage<Void> send(OutboxRecord record) {
        return emitters.send(record);
    }
}
