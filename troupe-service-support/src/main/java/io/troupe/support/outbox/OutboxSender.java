package io.troupe.support.outbox;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.support.messaging.CloudEvents;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Sends one outbox row; the stage completes when the broker acknowledged it, or fails. */
@FunctionalInterface
public interface OutboxSender {

    CompletionStage<Void> send(OutboxRecord record);

    /**
     * Sends rows through the service's emitters, by channel, as the binary-mode CloudEvents of
     * {@link CloudEvents} (source {@code source}), with the row's id and time and inside the trace
     * context stored with it.
     */
    static OutboxSender emitters(String source, Map<String, Emitter<String>> byChannel) {
        Map<String, Emitter<String>> emitters = Map.copyOf(byChannel);
        return record -> {
            Emitter<String> emitter = emitters.get(record.channel());
            TroupeEvent event = Events.fromJson(record.type(), record.payload()).orElse(null);
            if (emitter == null || event == null) {
                // Left in the outbox (and logged by the relay): a version that knows it will send it.
                return CompletableFuture.failedFuture(new IllegalStateException("outbox row " + record.seq()
                        + " has " + (emitter == null ? "channel '" + record.channel() + "' unknown to this service"
                        : "an event type this version cannot read: " + record.type())));
            }
            Context trace = traceOf(record);
            try (Scope ignored = trace.makeCurrent()) {
                return CloudEvents.send(emitter, source, event, record.id(),
                        record.createdAt().atZone(ZoneOffset.UTC), trace);
            }
        };
    }

    /** The trace context stored with {@code record}; the root context if it has none. */
    static Context traceOf(OutboxRecord record) {
        if (record.traceparent() == null) {
            return Context.root();
        }
        Map<String, String> carrier = record.tracestate() == null ? Map.of("traceparent", record.traceparent())
                : Map.of("traceparent", record.traceparent(), "tracestate", record.tracestate());
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, new TextMapGetter<>() {
            @Override
            public Iterable<String> keys(Map<String, String> c) {
                return List.copyOf(c.keySet());
            }

            @Override
            public String get(Map<String, String> c, String key) {
                return c == null ? null : c.get(key);
            }
        });
    }
}
