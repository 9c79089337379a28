package io.troupe.workspace.events;

import io.troupe.protocol.events.WorkspaceEvent;
import io.troupe.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes workspace facts on {@code troupe.workspace-events}, keyed by run. Publishing happens
 * after the database commit and does not hold up the HTTP answer; a failed send is logged.
 */
@ApplicationScoped
public class WorkspaceEventPublisher {
    /** The outgoing channel, bound to the topic {@code troupe.workspace-events}. */
    public static final String CHANNEL = "workspace-events";
    /** CloudEvents source of this service's events. */
    public static final String SOURCE = "workspace-service";

    private static final Logger LOG = Logger.getLogger(WorkspaceEventPublisher.class);

    private final Emitter<String> emitter;
    private final WorkspaceMeters meters;

    WorkspaceEventPublisher(@Channel(CHANNEL) Emitter<String> emitter, WorkspaceMeters meters) {
        this.emitter = emitter;
        this.meters = meters;
    }

    public void publish(WorkspaceEvent event) {
        meters.recorded(event);
        try {
            CloudEvents.send(emitter, SOURCE, event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.errorf(failure, "could not publish %s runId=%s", event.getClass().getSimpleName(),
                            event.runId());
                }
            });
        } catch (RuntimeException e) {
            // The write is committed already; losing its event must not turn it into an error.
            LOG.errorf(e, "could not publish %s runId=%s", event.getClass().getSimpleName(), event.runId());
        }
    }
}
