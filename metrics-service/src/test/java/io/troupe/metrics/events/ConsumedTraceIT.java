package io.troupe.metrics.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The consuming side of the run's trace: with OpenTelemetry on, the Kafka connector makes a
 * consumer span for each record it reads, in the trace and under the span that the record's
 * {@code traceparent} header names (the coordinator's producer span, inside the run's or task's span).
 */
@QuarkusTest
@TestProfile(ConsumedTraceIT.Traced.class)
@WithTestResource(KafkaResource.class)
class ConsumedTraceIT {

    /** OpenTelemetry on, spans to memory. */
    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aConsumedRecordsTraceparentIsTheParentOfItsConsumerSpan() throws Exception {
        // Given a task event published inside a span of some run's trace
        String traceId = hex(16);
        String parentSpanId = hex(8);
        TestEvents.publish(Topics.TASK_EVENTS, new TaskReady("run-" + UUID.randomUUID(), "t1", Instant.now()),
                UUID.randomUUID().toString(), "00-" + traceId + "-" + parentSpanId + "-01");

        // When the metrics service consumes it
        SpanData consumer = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                        .toList(), found -> !found.isEmpty())
                .getFirst();

        // Then its consumer span is in that trace, a child of the publisher's span
        assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(consumer.getParentSpanId()).isEqualTo(parentSpanId);
        assertThat(consumer.getName()).isEqualTo(Topics.TASK_EVENTS + " receive");
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros, which W3C trace context forbids
        return HexFormat.of().formatHex(b);
    }

}
