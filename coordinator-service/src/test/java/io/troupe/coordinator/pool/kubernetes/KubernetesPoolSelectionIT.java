package io.troupe.coordinator.pool.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.troupe.coordinator.pool.AgentPool;
import io.troupe.coordinator.support.WorkspaceServiceResource;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Without {@code troupe.pool.kind=kubernetes} (a local coordinator, as in these tests) the
 * Kubernetes pool is not among the pools a lookup sees, so no Kubernetes client is ever made.
 * (Same test resources as the other ITs: the application started for them is reused.)
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(WorkspaceServiceResource.class)
class KubernetesPoolSelectionIT {

    @Inject
    Instance<AgentPool> pools;

    @Test
    void withoutPoolKindKubernetesTheKubernetesPoolIsNotLookedUp() {
        // When
        var kubernetes = pools.select(KubernetesAgentPool.class);

        // Then
        assertThat(kubernetes.isResolvable()).isFalse();
        assertThat(pools.handlesStream().map(h -> h.getBean().getTypes()))
                .noneMatch(types -> types.contains(KubernetesAgentPool.class));
    }
}
