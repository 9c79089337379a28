package io.troupe.coordinator.pool.kubernetes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent pool on Kubernetes, under {@code troupe.pool.kubernetes.*}; chosen with
 * {@code troupe.pool.kind=kubernetes} (the Helm chart sets both).
 */
@ConfigMapping(prefix = "troupe.pool.kubernetes")
public interface KubernetesPoolConfig {

    /** Name of the agent StatefulSet (one agent per pod). */
    @WithDefault("troupe-agent")
    String statefulSet();

    /** Its namespace; the coordinator's own namespace (from its service account) when unset. */
    Optional<String> namespace();

    /**
     * Whether the coordinator scales the StatefulSet; {@code false} when KEDA or an operator does,
     * and the pool only reports its size.
     */
    @WithDefault("true")
    boolean scaling();

    /** The pool never scales the StatefulSet above this many agents. */
    @WithDefault("16")
    int maxReplicas();

    /** Nor below this many, even when no run needs an agent (warm agents start runs sooner). */
    @WithDefault("0")
    int minReplicas();

    /** How long a surplus of agents must last before the StatefulSet is scaled down. */
    @WithDefault("120s")
    Duration scaleDownGrace();

    /** How often the pool checks whether a surplus outlasted its grace period, or retries a failed scaling. */
    @WithDefault("5s")
    Duration checkInterval();
}
