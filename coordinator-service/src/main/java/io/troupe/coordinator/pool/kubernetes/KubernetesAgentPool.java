package io.troupe.coordinator.pool.kubernetes;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.troupe.coordinator.pool.AgentPool;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/**
 * Agents as the pods of a StatefulSet, scaled through its {@code scale} subresource (all the
 * coordinator's Role allows). Scales up at once to the agents the running runs need (up to
 * {@code maxReplicas}); scales down only when a surplus has lasted {@code scaleDownGrace}, and
 * then to what is needed at that moment, never below it nor below {@code minReplicas}.
 *
 * <p>A StatefulSet removes its highest ordinals first, and a run of n agents recruits
 * {@code agent-1 … agent-n} (pods 0 … n-1), so a scale-down to the agents in use never removes
 * one of them. A failed API call is logged and retried at the next {@link #check()}.
 */
public final class KubernetesAgentPool implements AgentPool {
    private static final Logger LOG = Logger.getLogger(KubernetesAgentPool.class);

    private final KubernetesClient client;
    private final String namespace;
    private final KubernetesPoolConfig config;
    private final InstantSource clock;
    private int inUse;
    private int lastKnown;
    private Instant surplusSince;
    private boolean warnedAboveMax;

    KubernetesAgentPool(KubernetesClient client, KubernetesPoolConfig config, InstantSource clock) {
        if (config.maxReplicas() < 1 || config.minReplicas() < 0 || config.minReplicas() > config.maxReplicas()) {
            throw new IllegalArgumentException("troupe.pool.kubernetes: need 0 <= min-replicas <= max-replicas and "
                    + "max-replicas >= 1, not min-replicas=" + config.minReplicas() + " max-replicas="
                    + config.maxReplicas());
        }
        this.client = client;
        this.namespace = config.namespace().orElseGet(client::getNamespace);
        this.config = config;
        this.clock = clock;
    }

    @Override
    public synchronized void demand(int inUse) {
        this.inUse = Math.max(0, inUse);
        check();
    }

    @Override
    public synchronized int capacity() {
        try {
            lastKnown = replicas();
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot read statefulset %s/%s, reporting its last known size %d: %s", namespace,
                    config.statefulSet(), lastKnown, e.getMessage());
        }
        return lastKnown;
    }

    /**
     * Compares the StatefulSet's size with the agents wanted now, scales up at once, and scales
     * down once a surplus has outlasted the grace period. Called on every {@link #demand} and
     * periodically, so that a surplus is given back even when no run starts or ends.
     */
    synchronized void check() {
        if (!config.scaling()) {
            return;
        }
        int wanted = Math.min(config.maxReplicas(), Math.max(inUse, config.minReplicas()));
        if (inUse > config.maxReplicas() && !warnedAboveMax) {
            LOG.warnf("running runs need %d agents but statefulset %s/%s may have at most %d "
                    + "(agents.maxReplicas in the chart's values, troupe.pool.kubernetes.max-replicas)", inUse,
                    namespace, config.statefulSet(), config.maxReplicas());
        }
        warnedAboveMax = inUse > config.maxReplicas();
        try {
            int current = replicas();
            lastKnown = current;
            Instant now = clock.instant();
            if (wanted > current) {
                scale(current, wanted, "runs need " + inUse + " agents");
                surplusSince = null;
            } else if (wanted == current) {
                surplusSince = null;
            } else if (surplusSince == null) {
                surplusSince = now;
            } else if (!now.isBefore(surplusSince.plus(config.scaleDownGrace()))) {
                scale(current, wanted, "surplus for " + Duration.between(surplusSince, now).toSeconds()
                        + "s, runs need " + inUse + " agents");
                surplusSince = null;
            }
        } catch (KubernetesClientException e) {
            LOG.errorf("cannot scale statefulset %s/%s to %d agents (retrying every %s): %s; the coordinator's "
                    + "service account needs get on statefulsets and update on statefulsets/scale", namespace,
                    config.statefulSet(), wanted, config.checkInterval(), e.getMessage());
        }
    }

    private int replicas() {
        StatefulSet set = statefulSet().get();
        if (set == null) {
            throw new KubernetesClientException("statefulset " + namespace + "/" + config.statefulSet()
                    + " does not exist (troupe.pool.kubernetes.stateful-set names it)");
        }
        Integer replicas = set.getSpec().getReplicas();
        return replicas == null ? 1 : replicas; // the API's default
    }

    private void scale(int from, int to, String why) {
        statefulSet().scale(to);
        lastKnown = to;
        LOG.infof("agents scaled statefulset=%s/%s from=%d to=%d reason=%s", namespace, config.statefulSet(), from,
                to, why);
    }

    private RollableScalableResource<StatefulSet> statefulSet() {
        return client.apps().statefulSets().inNamespace(namespace).withName(config.statefulSet());
    }
}
