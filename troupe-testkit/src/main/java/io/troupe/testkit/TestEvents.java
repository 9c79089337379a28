package io.troupe.testkit;

import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.TroupeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes Troupe's CloudEvents on the test broker with plain Kafka clients, as another
 * service would: binary mode, {@code ce_*} headers, JSON body, keyed by run id.
 */
public final class TestEvents {
    private TestEvents() {
    }

    /** Publishes {@code event} to {@code topic} the way Troupe's services do. */
    public static void publish(String topic, TroupeEvent event) {
        publish(topic, event, UUID.randomUUID().toString());
    }

    /** Publishes {@code event} with the CloudEvents {@code id} given (a copy of an event already sent). */
    public static void publish(String topic, TroupeEvent event, String id) {
        publish(topic, event, id, null);
    }

    /**
     * Publishes {@code event} as CloudEvent {@code id}, with a W3C {@code traceparent} header as a
     * traced producer adds (none if null).
     */
    public static void publish(String topic, TroupeEvent event, String id, String traceparent) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", SharedBroker.bootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            var record = new ProducerRecord<>(topic, event.runId(), Events.toJson(event));
            record.headers().add("ce_specversion", bytes("1.0"))
                    .add("ce_id", bytes(id))
                    .add("ce_type", bytes(Events.typeOf(event)))
                    .add("ce_source", bytes(Events.SOURCE_PREFIX + "test"))
                    .add("ce_time", bytes(Instant.now().toString()))
                    .add("content-type", bytes("application/json"));
            if (traceparent != null) {
                record.headers().add("traceparent", bytes(traceparent));
            }
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until {@code done} holds for the events of run
     * {@code runId} seen so far, or the timeout passes; returns them in order.
     */
    public static List<Received> await(String topic, String runId, Predicate<List<Received>> done, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Received> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!done.test(seen) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (runId.equals(r.key())) {
                        String type = header(r, "ce_type").orElse("");
                        seen.add(new Received(header(r, "ce_id").orElse(null), type,
                                Events.fromJson(type, r.value()).orElse(null), r));
                    }
                }
            }
        }
        return seen;
    }

    private static Optional<String> header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? Optional.empty() : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One record as a consumer saw it: its CloudEvents id and type, and the decoded event. */
    public record Received(String id, String type, TroupeEvent event, ConsumerRecord<String, String> record) {
    }
}
