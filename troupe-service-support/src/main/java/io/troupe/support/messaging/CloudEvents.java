package io.troupe.support.messaging;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.TroupeEvent;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Troupe events as binary-mode CloudEvents on Kafka: {@code ce_*} headers, a JSON body, keyed by
 * run id. The Kafka connector writes the headers from the outgoing metadata built here.
 */
public final class CloudEvents {
    private CloudEvents() {
    }

    /**
     * Sends {@code event} through {@code emitter}; the stage completes when the broker has it
     * ({@code acks=all}), or fails.
     */
    public static CompletionStage<Void> send(Emitter<String> emitter, String source, TroupeEvent event) {
        return send(emitter, source, event, UUID.randomUUID().toString());
    }

    /**
     * Sends {@code event} with the CloudEvents {@code id} given: a producer that may send one fact
     * again (after a restart) gives it the same id, and consumers, idempotent on the id, ignore the
     * second copy.
     */
    public static CompletionStage<Void> send(Emitter<String> emitter, String source, TroupeEvent event, String id) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        var ce = OutgoingCloudEventMetadata.<String>builder()
                .withId(id)
                .withType(Events.typeOf(event))
                .withSource(URI.create(Events.SOURCE_PREFIX + source))
                .withTimestamp(ZonedDateTime.now())
                .withDataContentType("application/json")
                .withSubject(event.runId())
                .build();
        var kafka = OutgoingKafkaRecordMetadata.<String>builder().withKey(event.runId()).build();
        Message<String> message = Message.of(Events.toJson(event), Metadata.of(ce, kafka),
                () -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return sent;
    }

    /** Sends and waits; for callers that must not answer before the event is durable. */
    public static void sendAndWait(Emitter<String> emitter, String source, TroupeEvent event) {
        send(emitter, source, event).toCompletableFuture().join();
    }

    /**
     * Decodes an incoming CloudEvent. Empty for a message without CloudEvents metadata or of a
     * type this version does not know: consumers skip those.
     */
    public static Optional<Received> decode(Message<String> message) {
        @SuppressWarnings("unchecked")
        Optional<IncomingCloudEventMetadata<String>> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(m -> (IncomingCloudEventMetadata<String>) m);
        return ce.flatMap(m -> Events.fromJson(m.getType(), message.getPayload())
                .map(e -> new Received(m.getId(), m.getType(), e)));
    }

    /** An event with its CloudEvents id, on which consumers are idempotent. */
    public record Received(String id, String type, TroupeEvent event) {
    }
}
