package io.troupe.coordinator.pool;

/**
 * Where agent workers come from. The coordinator tells the pool how many agents its running runs
 * need; the pool provides at least that many (up to its own maximum) and may give back the rest
 * after a grace period. Locally the workers are agent-service processes the launcher started; on
 * Kubernetes they are the pods of the agent StatefulSet.
 */
public interface AgentPool {

    /**
     * The agents of all running runs now number {@code inUse}: provide at least that many workers,
     * up to the pool's maximum, and never fewer than {@code inUse}.
     */
    void demand(int inUse);

    /** How many agent workers the pool provides now, ready or starting. */
    int capacity();
}
