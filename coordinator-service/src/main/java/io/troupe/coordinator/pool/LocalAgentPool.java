package io.troupe.coordinator.pool;

import io.quarkus.arc.lookup.LookupUnlessProperty;
import io.troupe.coordinator.agents.AgentRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The pool of a local stack: the workers of the agent-service processes the launcher started,
 * known from their heartbeats. It cannot start processes, so a demand beyond its capacity is only
 * reported (runs then share agents, each still doing one task at a time). The pool in use unless
 * {@code troupe.pool.kind=kubernetes} (looked up, not injected: both pools are beans, and the
 * choice is made at run time, from one image).
 */
@LookupUnlessProperty(name = "troupe.pool.kind", stringValue = "kubernetes", lookupIfMissing = true)
@ApplicationScoped
public class LocalAgentPool implements AgentPool {
    private static final Logger LOG = Logger.getLogger(LocalAgentPool.class);

    private final AgentRegistry registry;
    private volatile int demand;

    public LocalAgentPool(AgentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void demand(int inUse) {
        int before = demand;
        demand = inUse;
        int capacity = capacity();
        if (inUse > capacity && inUse != before) {
            LOG.warnf("running runs need %d agents, the local agent services host %d live workers; start another "
                    + "agent-service or raise troupe.agent.workers (runs share agents meanwhile)", inUse, capacity);
        } else if (inUse != before) {
            LOG.debugf("agent demand %d of capacity %d", inUse, capacity);
        }
    }

    @Override
    public int capacity() {
        return registry.live(Instant.now()).size();
    }

    /** The last demand: the agents of all running runs. */
    public int demanded() {
        return demand;
    }
}
