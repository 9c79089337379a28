package io.troupe.coordinator.pool.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.troupe.coordinator.pool.AgentPool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The {@link AgentPool} of a coordinator on Kubernetes, when {@code troupe.pool.kind=kubernetes}.
 * {@code @LookupIfProperty} hides it from {@code Instance<AgentPool>} otherwise, so the pool is
 * looked up programmatically ({@code Instance<AgentPool>.get()}) and the local pool carries
 * {@code @LookupUnlessProperty(name = "troupe.pool.kind", stringValue = "kubernetes")}. Locally the
 * Kubernetes client is then never created.
 */
@ApplicationScoped
public class KubernetesPoolProducer {
    private static final Logger LOG = Logger.getLogger(KubernetesPoolProducer.class);
    public static final String KIND_PROPERTY = "troupe.pool.kind";
    public static final String KIND = "kubernetes";

    private ScheduledExecutorService checks;

    @Produces
    @Singleton
    @LookupIfProperty(name = KIND_PROPERTY, stringValue = KIND)
    KubernetesAgentPool kubernetesAgentPool(KubernetesClient client, KubernetesPoolConfig config) {
        KubernetesAgentPool pool = new KubernetesAgentPool(client, config, InstantSource.system());
        checks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("agent-pool-check")
                .factory());
        long every = Math.max(100, config.checkInterval().toMillis());
        // An exception escaping a scheduled task would cancel all later checks.
        checks.scheduleWithFixedDelay(() -> {
            try {
                pool.check();
            } catch (RuntimeException e) {
                LOG.error("agent pool check failed", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return pool;
    }

    void close(@Disposes KubernetesAgentPool pool) {
        if (checks != null) {
            checks.shutdownNow();
        }
    }
}
