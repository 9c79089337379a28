package io.troupe.coordinator.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.troupe.coordinator.events.EventPublisher;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent.TaskDone;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.protocol.suite.TaskSpec;
import io.troupe.support.tracing.TraceNames;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.TestEvents;
import io.troupe.testkit.TestEvents.Received;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The run's trace travels in the Kafka records the coordinator publishes: with OpenTelemetry on,
 * each record's W3C {@code traceparent} header names the run's stored trace and, as its parent
 * span, the Kafka producer span made inside the run's span (run events) or the task's span (task
 * events, assignments). Spans are captured in memory; the records are read from the real broker
 * with a plain Kafka consumer, as another service reads them.
 */
@QuarkusTest
@TestProfile(KafkaTracePropagationIT.Traced.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
class KafkaTracePropagationIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** OpenTelemetry on, spans to memory only; no run here needs the workspace service. */
    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "troupe.workspace-url", "http://localhost:9");
        }
    }

    @Inject
    EventPublisher publisher;

    @Inject
    RunTraceStore store;

    @Inject
    RunTracing tracing;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theRecordsOfARunCarryItsTraceWithTheRunsAndTasksSpansAsParents() {
        // Given a run that started, whose task t1 became ready and was assigned to agent-1
        String run = "run-" + UUID.randomUUID();
        Instant now = Instant.now();
        publisher.publish(new RunStarted(run, "exp", "tiny", "preassigned", 1, "simulated-constant", 1, 1, 0.0,
                now, List.of("agent-1"), "agent-1", Map.of("t1", List.of())));
        publisher.publish(new TaskReady(run, "t1", now));
        publisher.publish(new Assignment(run, "agent-1", "tiny", new TaskSpec("t1", "core", "write core.py",
                List.of(), List.of("core.py"), List.of("tests/test_core.py")), List.of(),
                new ModelSpec("simulated", "simulated-constant", 0), now));
        // (and t1 was done, so that its span ends and is exported)
        publisher.publish(new TaskDone(run, "t1", "agent-1", now.plusMillis(10)));
        SpanContext stored = store.find(run).orElseThrow();
        SpanContext task = tracing.contextOf(run, "t1").orElseThrow();

        // When another service reads the records from the broker
        Received started = TestEvents.await(Topics.RUN_EVENTS, run, seen -> !seen.isEmpty(), WAIT).getFirst();
        Received ready = TestEvents.await(Topics.TASK_EVENTS, run, seen -> !seen.isEmpty(), WAIT).getFirst();
        Received assigned = TestEvents.await(Topics.AGENT_INBOX, run, seen -> !seen.isEmpty(), WAIT).getFirst();

        // Then each carries the run's stored trace id
        for (Received r : List.of(started, ready, assigned)) {
            assertThat(traceparent(r)).as("traceparent of %s", r.type()).isPresent()
                    .hasValueSatisfying(tp -> assertThat(traceId(tp)).isEqualTo(stored.getTraceId()));
        }
        // and its parent is the Kafka producer span of that record, a child of the run's span (RunStarted)
        // or of the task's span (TaskReady and the assignment)
        assertThat(producerParent(started)).isEqualTo(stored.getSpanId());
        assertThat(producerParent(ready)).isEqualTo(task.getSpanId());
        assertThat(producerParent(assigned)).isEqualTo(task.getSpanId());
        assertThat(spanNamed(task.getSpanId()).getName()).isEqualTo(TraceNames.TASK);
    }

    /** The parent span id of the producer span the record's traceparent names, once it has been exported. */
    private String producerParent(Received record) {
        String spanId = traceparent(record).map(KafkaTracePropagationIT::spanId).orElseThrow();
        SpanData producer = spanNamed(spanId);
        assertThat(producer.getKind()).as("span of %s", record.type()).isEqualTo(SpanKind.PRODUCER);
        assertThat(producer.getName()).isEqualTo(record.record().topic() + " publish");
        return producer.getParentSpanId();
    }

    /** The exported span {@code spanId}, polled for: spans are exported in batches. */
    private SpanData spanNamed(String spanId) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> spans.getFinishedSpanItems().stream().filter(s -> s.getSpanId().equals(spanId))
                        .findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static Optional<String> traceparent(Received r) {
        Header h = r.record().headers().lastHeader(TraceNames.TRACEPARENT);
        return Optional.ofNullable(h).map(x -> new String(x.value(), StandardCharsets.UTF_8));
    }

    private static String traceId(String traceparent) {
        return traceparent.split("-")[1];
    }

    private static String spanId(String traceparent) {
        return traceparent.split("-")[2];
    }
}
