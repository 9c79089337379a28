package io.troupe.metrics.events;

import io.troupe.metrics.log.EventLog;
import io.troupe.metrics.runs.RunMetricsStore;
import io.troupe.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
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

    public RunEventsConsumer(RunMetricsStore store, EventLog log, ConsumerMeters meters) {
        this.store = store;
        this.log = log;
        this.meters = meters;
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
}
