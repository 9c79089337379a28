package io.troupe.support.messaging;

import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
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
import org.jboss.logging.Logger;

/**
 * Troupe events as binary-mode CloudEvents on Kafka: {@code ce_*} headers, a JSON body, keyed by
 * run id. The Kafka connector writes the headers from the outgoing metadata built here.
 */
public final class CloudEvents {
    private static final Logger LOG = Logger.getLogger(CloudEvents.class);

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
        return send(emitter, source, event, id, ZonedDateTime.now(), null);
    }

    /**
     * Sends {@code event} as a CloudEvent of {@code time}; with a {@code trace} context, the record's
     * {@code traceparent} joins that trace (the producer span is its child) instead of the calling
     * thread's: how the outbox relay sends an event in the trace it was appended in.
     */
    public static CompletionStage<Void> send(Emitter<String> emitter, String source, TroupeEvent event, String id,
                                             ZonedDateTime time, Context trace) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        var ce = OutgoingCloudEventMetadata.<String>builder()
                .withId(id)
                .withType(Events.typeOf(event))
                .withSource(URI.create(Events.SOURCE_PREFIX + source))
                .withTimestamp(time)
                .withDataContentType("application/json")
                .withSubject(event.runId())
                .build();
        var kafka = OutgoingKafkaRecordMetadata.<String>builder().withKey(event.runId()).build();
        Metadata metadata = trace == null ? Metadata.of(ce, kafka)
                : Metadata.of(ce, kafka, TracingMetadata.withCurrent(trace));
        Message<String> message = Message.of(Events.toJson(event), metadata,
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

    /**
     * Decodes as {@link #decode} does, but a malformed message (a known type whose body does not parse) is
     * logged as a warning naming {@code what} and answered empty, like an unknown type: consumers skip
     * both and acknowledge the record.
     */
    public static Optional<Received> decodeOrSkip(Message<String> message, String what) {
        try {
            return decode(message);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a malformed %s: %s", what, e.getMessage());
            return Optional.empty();
        }
    }

    /** An event with its CloudEvents id, on which consumers are idempotent. */
    public record Received(String id, String type, TroupeEvent event) {
    }
}
