package io.troupe.workspace.events;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.troupe.protocol.events.WorkspaceEvent;
import io.troupe.support.outbox.Outbox;
import io.troupe.support.outbox.OutboxRelay;
import io.troupe.support.outbox.OutboxSender;
import io.troupe.workspace.config.WorkspaceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes workspace facts on {@code troupe.workspace-events}, keyed by run, through the
 * transactional outbox: {@link #append} writes an event in the transaction of the change it
 * announces (an accepted or refused write, a delete, a test run's record); once that transaction has
 * committed, {@link #committed} counts the events and wakes the relay, which sends them at least
 * once, in order, with one CloudEvents id each. No request waits for the broker.
 */
@ApplicationScoped
public class WorkspaceEventPublisher {
    /** The outgoing channel, bound to the topic {@code troupe.workspace-events}. */
    public static final String CHANNEL = "workspace-events";
    /** CloudEvents source of this service's events. */
    public static final String SOURCE = "workspace-service";

    private final WorkspaceMeters meters;
    private final AgroalDataSource dataSource;
    private final OutboxSender sender;
    private final OutboxRelay.Settings settings;
    private OutboxRelay relay;

    WorkspaceEventPublisher(@Channel(CHANNEL) Emitter<String> emitter, WorkspaceMeters meters,
                            @DataSource("pg") AgroalDataSource dataSource, WorkspaceConfig config) {
        this.meters = meters;
        this.dataSource = dataSource;
        this.sender = OutboxSender.emitters(SOURCE, Map.of(CHANNEL, emitter));
        this.settings = OutboxRelay.Settings.defaults(config.publishTimeout());
    }

    void onStart(@Observes StartupEvent event) {
        startRelay();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopRelay();
    }

    /** Starts sending the outbox; first what a stopped or killed process left in it. */
    public synchronized void startRelay() {
        if (relay == null) {
            relay = new OutboxRelay(SOURCE, dataSource, sender, settings);
            relay.start();
        }
    }

    /** Stops sending at once; what is not delivered stays in the outbox for the next start. */
    public synchronized void stopRelay() {
        if (relay != null) {
            relay.close();
            relay = null;
        }
    }

    /** Appends {@code event} in the transaction of {@code c}; call {@link #committed} after its commit. */
    public void append(Connection c, WorkspaceEvent event) throws SQLException {
        Outbox.append(c, CHANNEL, event, UUID.randomUUID().toString());
    }

    /** The transaction that appended {@code events} has committed: count them and send them now. */
    public void committed(List<? extends WorkspaceEvent> events) {
        events.forEach(meters::recorded);
        OutboxRelay running;
        synchronized (this) {
            running = relay;
        }
        if (!events.isEmpty() && running != null) {
            running.signal();
        }
    }
}
