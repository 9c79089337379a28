package io.troupe.coordinator.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent.TaskClaimed;
import io.troupe.protocol.events.TaskEvent.TaskDone;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.support.tracing.TraceNames;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunTracingTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey(TraceNames.RUN_ID);
    private static final AttributeKey<String> TASK_ID = AttributeKey.stringKey(TraceNames.TASK_ID);
    private static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey(TraceNames.AGENT_ID);

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    private final MemoryStore store = new MemoryStore();
    private final RunTracing tracing = new RunTracing(otel.getTracer("test"), store);

    /** The run trace store without a database. */
    private static final class MemoryStore extends RunTraceStore {
        final Map<String, SpanContext> saved = new HashMap<>();

        MemoryStore() {
            super(null);
        }

        @Override
        public void save(String runId, SpanContext context) {
            saved.put(runId, context);
        }

        @Override
        public Optional<SpanContext> find(String runId) {
            return Optional.ofNullable(saved.get(runId));
        }
    }

    @Test
    void runIsOneTraceOfTaskSpansLinkedToTheirDependencies() {
        // Given a run a → b whose events the coordinator publishes
        List<TroupeEvent> events = List.of(
                new RunStarted("r1", null, "tiny", "queue", 1, "m", 2, 2, 0.0, T0,
                        Map.of("a", List.of(), "b", List.of("a"))),
                new TaskReady("r1", "a", T0),
                new TaskClaimed("r1", "a", "agent-1", T0.plusSeconds(1)),
                new TaskDone("r1", "a", "agent-1", T0.plusSeconds(3)),
                new TaskReady("r1", "b", T0.plusSeconds(3)),
                new TaskClaimed("r1", "b", "agent-1", T0.plusSeconds(4)),
                new TaskDone("r1", "b", "agent-1", T0.plusSeconds(6)));
        String publishedIn = null;

        // When each is published in the scope the tracing answers, and the run finishes
        for (TroupeEvent event : events) {
            try (Scope ignored = tracing.enter(event)) {
                publishedIn = Span.current().getSpanContext().getTraceId();
            }
        }
        try (Scope ignored = tracing.enter(new RunFinished("r1", "COMPLETED", T0.plusSeconds(7)))) {
            assertThat(Span.current().getSpanContext().getTraceId()).isEqualTo(publishedIn);
        }

        // Then every span is in one trace under the run span, whose context is stored with the run
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName)
                .containsExactlyInAnyOrder("run", "task", "task", "queue.wait", "queue.wait");
        SpanData run = named(spans, "run").getFirst();
        assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(run.getTraceId()));
        assertThat(run.getParentSpanContext().isValid()).isFalse();
        assertThat(store.saved.get("r1").getSpanId()).isEqualTo(run.getSpanId());
        assertThat(run.getAttributes().get(RUN_ID)).isEqualTo("r1");
        assertThat(run.getStartEpochNanos()).isEqualTo(nanos(T0));
        assertThat(run.getEndEpochNanos()).isEqualTo(nanos(T0.plusSeconds(7)));
        SpanData a = task(spans, "a");
        SpanData b = task(spans, "b");
        assertThat(List.of(a, b)).allSatisfy(t -> {
            assertThat(t.getParentSpanId()).isEqualTo(run.getSpanId());
            assertThat(t.getAttributes().get(RUN_ID)).isEqualTo("r1");
            assertThat(t.getAttributes().get(AGENT_ID)).isEqualTo("agent-1");
        });
        // And b's task span links to a's, its dependency
        assertThat(b.getLinks()).extracting(LinkData::getSpanContext).extracting(SpanContext::getSpanId)
                .containsExactly(a.getSpanId());
        assertThat(a.getLinks()).isEmpty();
        assertThat(a.getEndEpochNanos()).isEqualTo(nanos(T0.plusSeconds(3)));
        // And each queue.wait is its task's child from READY to the claim
        SpanData waitB = named(spans, "queue.wait").stream()
                .filter(s -> "b".equals(s.getAttributes().get(TASK_ID))).findFirst().orElseThrow();
        assertThat(waitB.getParentSpanId()).isEqualTo(b.getSpanId());
        assertThat(waitB.getStartEpochNanos()).isEqualTo(nanos(T0.plusSeconds(3)));
        assertThat(waitB.getEndEpochNanos()).isEqualTo(nanos(T0.plusSeconds(4)));
        assertThat(waitB.getAttributes().get(AGENT_ID)).isEqualTo("agent-1");
    }

    @Test
    void taskContextIsTheOpenTaskSpanThenTheRunsAfterARestart() {
        // Given a run with task a READY
        tracing.enter(new RunStarted("r2", null, "tiny", "queue", 1, "m", 1, 1, 0.0, T0, Map.of("a", List.of())))
                .close();
        tracing.enter(new TaskReady("r2", "a", T0)).close();

        // When asked where spans of a belong, and a fresh coordinator (same database) is asked
        SpanContext ofTask = tracing.contextOf("r2", "a").orElseThrow();
        SpanContext afterRestart = new RunTracing(otel.getTracer("test"), store).contextOf("r2", "a").orElseThrow();

        // Then the first is a's task span, the second the stored run span
        assertThat(ofTask.getSpanId()).isNotEqualTo(store.saved.get("r2").getSpanId());
        assertThat(ofTask.getTraceId()).isEqualTo(store.saved.get("r2").getTraceId());
        assertThat(afterRestart.getSpanId()).isEqualTo(store.saved.get("r2").getSpanId());
        assertThat(tracing.contextOf("no-such-run", "a")).isEmpty();
    }

    private static List<SpanData> named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).toList();
    }

    private static SpanData task(List<SpanData> spans, String taskId) {
        return named(spans, "task").stream().filter(s -> taskId.equals(s.getAttributes().get(TASK_ID)))
                .findFirst().orElseThrow();
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}
