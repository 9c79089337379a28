package io.troupe.support.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.TroupeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class BoundedSendTest {
    private static final TroupeEvent EVENT = new AgentEvent.AgentIdle("run-1", "agent-1", "t1",
            Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void anAcknowledgedEventIsSentOnce() {
        // Given a broker that acknowledges every record
        FakeEmitter broker = new FakeEmitter(Message::ack);

        // When an event is sent
        BoundedSend.send(broker, "agent-service", EVENT, Duration.ofSeconds(5));

        // Then it went out once
        assertThat(broker.sent).hasSize(1);
    }

    @Test
    void anEventTheBrokerDoesNotAcknowledgeInTimeIsNotDeliveredAfterTheBound() {
        // Given a broker that never answers
        FakeEmitter broker = new FakeEmitter(m -> new CompletableFuture<>());

        // When an event is sent with a bound of 200 ms, then the sender is told within about that
        long start = System.nanoTime();
        assertThatThrownBy(() -> BoundedSend.send(broker, "agent-service", EVENT, Duration.ofMillis(200)))
                .isInstanceOf(BoundedSend.NotDelivered.class).hasMessageContaining("AgentIdle of run run-1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anEventTheBrokerRefusesIsNotDelivered() {
        FakeEmitter broker = new FakeEmitter(m -> m.nack(new IllegalStateException("broker down")));

        assertThatThrownBy(() -> BoundedSend.send(broker, "agent-service", EVENT, Duration.ofSeconds(5)))
                .isInstanceOf(BoundedSend.NotDelivered.class).hasMessageContaining("broker down");
    }

    /** An emitter whose broker answers each message as {@code answer} says. */
    private static final class FakeEmitter implements Emitter<String> {
        final List<Message<String>> sent = new ArrayList<>();
        private final Function<Message<String>, CompletionStage<Void>> answer;

        FakeEmitter(Function<Message<String>, CompletionStage<Void>> answer) {
            this.answer = answer;
        }

        @Override
        public CompletionStage<Void> send(String payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <M extends Message<? extends String>> void send(M message) {
            sent.add((Message<String>) message);
            answer.apply((Message<String>) message);
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
