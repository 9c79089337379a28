package io.troupe.metrics.events;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.troupe.metrics.traces.RunTraces;
import io.troupe.metrics.log.EventLog;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.metrics.runs.RunMetricsStore;
import io.troupe.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds every event topic into the run metrics. Folding is in memory and quick, so it runs on
 * the connector's thread; each record is acknowledged once applied.
 */
@ApplicationScoped
public class RunEventsConsumer {
    public static final String RUN_EVENTS = "run-events";
    public static final String TASK_EVENTS = "task-events";
    public static final String AGENT_EVENTS = "agent-events";
    public static final String WORKSPACE_EVENTS = "workspace-events";

    private static final Logger LOG = Logger.getLogger(RunEventsConsumer.class);

    private final RunMetricsStore store;
    private final EventLog log;
    private final ConsumerMeters meters;
    private final RunTraces traces;

    public RunEventsConsumer(RunMetricsStore store, EventLog log, ConsumerMeters meters, RunTraces traces) {
        this.store = store;
        this.log = log;
        this.meters = meters;
        this.traces = traces;
    }

    @Incoming(RUN_EVENTS)
    public CompletionStage<Void> onRunEvent(Message<String> message) {
        return fold(message);
    }

    @Incoming(TASK_EVENTS)
    public CompletionStage<Void> onTaskEvent(Message<String> message) {
        return fold(message);
    }

    @Incoming(AGENT_EVENTS)
    public CompletionStage<Void> onAgentEvent(Message<String> message) {
        return fold(message);
    }

    @Incoming(WORKSPACE_EVENTS)
    public CompletionStage<Void> onWorkspaceEvent(Message<String> message) {
        return fold(message);
    }

    private CompletionStage<Void> fold(Message<String> message) {
        try {
            CloudEvents.decode(message).ifPresent(received -> {
                if (received.event() instanceof RunStarted) {
                    // The coordinator announces a run inside the run's root span: its trace is the run's.
                    traces.remember(received.event().runId(), traceIdOf(message));
                }
                if (store.apply(received.id(), received.event())) {
                    log.record(received.id(), received.type(), received.event());
                    meters.folded(received.event());
                } else {
                    meters.duplicate();
                    LOG.debugf("duplicate event %s ignored (runId=%s)", received.id(), received.event().runId());
                }
            });
        } catch (IllegalArgumentException e) {
            // A record that cannot be decoded never will be: skip it rather than block the topic.
            LOG.warnf("skipping a malformed event: %s", e.getMessage());
        }
        return message.ack();
    }

    /** The trace id of a W3C {@code traceparent} header ({@code 00-<trace id>-<span id>-<flags>}), or null. */
    private static String traceIdOf(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader("traceparent"))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.US_ASCII).split("-"))
                .filter(parts -> parts.length == 4 && parts[1].length() == 32 && !parts[1].matches("0+"))
                .map(parts -> parts[1])
                .orElse(null);
    }
}
