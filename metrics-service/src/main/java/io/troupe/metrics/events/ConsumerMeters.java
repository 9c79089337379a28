package io.troupe.metrics.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.protocol.events.WorkspaceEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The metrics service's own Prometheus meters at {@code /q/metrics}:
 * {@code troupe_events_total{family}} (events folded into run metrics, by family: run, task, agent,
 * workspace) and {@code troupe_events_duplicate_total} (redeliveries ignored by event id). How far
 * behind the topics it is shows in the Kafka consumer's own {@code kafka_consumer_*} meters.
 */
@ApplicationScoped
public class ConsumerMeters {
    private final MeterRegistry registry;

    public ConsumerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void folded(TroupeEvent event) {
        Counter.builder("troupe.events").description("Events folded into run metrics, by family")
                .tag("family", family(event)).register(registry).increment();
    }

    void duplicate() {
        Counter.builder("troupe.events.duplicate").description("Redelivered events ignored by their id")
                .register(registry).increment();
    }

    static String family(TroupeEvent event) {
        return switch (event) {
            case RunEvent ignored -> "run";
            case TaskEvent ignored -> "task";
            case AgentEvent ignored -> "agent";
            case WorkspaceEvent ignored -> "workspace";
            case InboxMessage ignored -> "inbox";
        };
    }
}
