package io.troupe.coordinator.events;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.support.outbox.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The coordinator's outbox relay: started with the service (so it first sends what a killed process
 * left in the outbox), woken by every commit that appended an event, stopped with the service.
 * Each batch's acknowledgements are awaited for {@code troupe.publish-timeout}.
 */
@ApplicationScoped
public class CoordinatorOutbox {
    private final OutboxRelay relay;

    public CoordinatorOutbox(@DataSource("pg") AgroalDataSource dataSource, OutboxDelivery delivery,
                             CoordinatorConfig config) {
        this.relay = new OutboxRelay(EventPublisher.SOURCE, dataSource, delivery,
                OutboxRelay.Settings.defaults(config.publishTimeout()));
    }

    void onStart(@Observes StartupEvent event) {
        relay.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        relay.close();
    }

    /** Events were committed to the outbox: send them now. */
    public void committed() {
        relay.signal();
    }
}
