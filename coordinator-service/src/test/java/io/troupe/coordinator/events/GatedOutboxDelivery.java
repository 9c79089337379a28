package io.troupe.coordinator.events;

import io.quarkus.test.Mock;
import io.troupe.support.outbox.OutboxRecord;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * The coordinator's outbox delivery in its tests: the real one, which a test can hold back (every
 * send fails, as when the broker is away) and let go again.
 */
@Mock
@Singleton
public class GatedOutboxDelivery extends OutboxDelivery {
    private volatile boolean held;

    @Inject
    public GatedOutboxDelivery(@Channel(EventPublisher.RUN_EVENTS) Emitter<String> runEvents,
                               @Channel(EventPublisher.TASK_EVENTS) Emitter<String> taskEvents,
                               @Channel(EventPublisher.AGENT_INBOX) Emitter<String> agentInbox,
                               @Channel(EventPublisher.TASKS_READY) Emitter<String> tasksReady) {
        super(runEvents, taskEvents, agentInbox, tasksReady);
    }

    /** From now on, no row is delivered. */
    public void hold() {
        held = true;
    }

    /** Rows are delivered again. */
    public void release() {
        held = false;
    }

    @Override
    public CompletionStage<Void> send(OutboxRecord record) {
        return held ? CompletableFuture.failedFuture(new IllegalStateException("held back by the test"))
                : super.send(record);
    }
}
