package io.troupe.coordinator.pool.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent pool against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesAgentPoolTest {
    private static final String NAMESPACE = "troupe";
    private static final String AGENTS = "troupe-agent";
    private static final Duration GRACE = Duration.ofSeconds(120);

    // static: one mock server for the class (a server per test costs about a second)
    static KubernetesClient client;
    static KubernetesMockServer server;
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void agentStatefulSet() {
        client.apps().statefulSets().inNamespace(NAMESPACE).withName(AGENTS).delete();
        client.apps().statefulSets().inNamespace(NAMESPACE).resource(new StatefulSetBuilder()
                .withNewMetadata().withName(AGENTS).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName(AGENTS).endSpec()
                .build()).create();
    }

    @Test
    void demandAboveCapacityScalesUpAtOnce() {
        KubernetesAgentPool pool = pool(config(16, 0, true));

        // When
        pool.demand(3);

        // Then
        assertThat(replicas()).isEqualTo(3);
        assertThat(pool.capacity()).isEqualTo(3);
    }

    @Test
    void scalingGoesThroughTheScaleSubresourceTheCoordinatorsRoleAllows() throws InterruptedException {
        KubernetesAgentPool pool = pool(config(16, 0, true));
        requestsSoFar();

        // When
        pool.demand(2);

        // Then
        assertThat(requestsSoFar()).filteredOn(r -> !r.startsWith("GET ")).isNotEmpty().allSatisfy(r -> assertThat(r)
                .matches("(PUT|PATCH) /apis/apps/v1/namespaces/troupe/statefulsets/troupe-agent/scale(\\?.*)?"));
    }

    @Test
    void scaleUpStopsAtTheMaximum() {
        KubernetesAgentPool pool = pool(config(4, 0, true));

        // When
        pool.demand(20);

        // Then
        assertThat(replicas()).isEqualTo(4);
    }

    @Test
    void surplusIsKeptUntilTheGracePeriodEnds() {
        KubernetesAgentPool pool = pool(config(16, 0, true));
        pool.demand(4);
        pool.demand(1);
        clock.advance(GRACE.minusSeconds(1));

        // When
        pool.check();

        // Then
        assertThat(replicas()).isEqualTo(4);
    }

    @Test
    void surplusOutlastingTheGracePeriodIsGivenBackDownToTheAgentsInUse() {
        KubernetesAgentPool pool = pool(config(16, 0, true));
        pool.demand(4);
        pool.demand(2);
        clock.advance(GRACE);

        // When
        pool.check();

        // Then
        assertThat(replicas()).isEqualTo(2);
        assertThat(pool.capacity()).isEqualTo(2);
    }

    @Test
    void scaleDownGoesToTheDemandAtTheEndOfTheGracePeriodNotBelow() {
        KubernetesAgentPool pool = pool(config(16, 0, true));
        pool.demand(5);
        pool.demand(1);
        clock.advance(GRACE.dividedBy(2));
        pool.demand(3);
        clock.advance(GRACE.dividedBy(2));

        // When
        pool.check();

        // Then
        assertThat(replicas()).isEqualTo(3);
    }

    @Test
    void demandMatchingCapacityRestartsTheGracePeriod() {
        KubernetesAgentPool pool = pool(config(16, 0, true));
        pool.demand(4);
        pool.demand(1);
        clock.advance(GRACE.minusSeconds(10));
        pool.demand(4);
        pool.demand(1);
        clock.advance(Duration.ofSeconds(20));

        // When
        pool.check();

        // Then
        assertThat(replicas()).isEqualTo(4);
    }

    @Test
    void scaleDownKeepsTheMinimumWhenNoRunNeedsAgents() {
        KubernetesAgentPool pool = pool(config(16, 2, true));
        pool.demand(4);
        pool.demand(0);
        clock.advance(GRACE);

        // When
        pool.check();

        // Then
        assertThat(replicas()).isEqualTo(2);
    }

    @Test
    void withScalingOffThePoolOnlyReportsTheSize() {
        KubernetesAgentPool pool = pool(config(16, 0, false));

        // When
        pool.demand(5);

        // Then
        assertThat(replicas()).isEqualTo(1);
        assertThat(pool.capacity()).isEqualTo(1);
    }

    @Test
    void aMissingStatefulSetIsReportedNotThrown() {
        client.apps().statefulSets().inNamespace(NAMESPACE).withName(AGENTS).delete();
        KubernetesAgentPool pool = pool(config(16, 0, true));

        // When
        pool.demand(3);

        // Then
        assertThat(pool.capacity()).isZero();
    }

    private KubernetesAgentPool pool(KubernetesPoolConfig config) {
        return new KubernetesAgentPool(client, config, clock);
    }

    /** The requests the mock server received since the last call, as "METHOD path". */
    private static List<String> requestsSoFar() throws InterruptedException {
        List<String> requests = new ArrayList<>();
        for (var r = server.takeRequest(100, TimeUnit.MILLISECONDS); r != null;
             r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            requests.add(r.getMethod() + " " + r.getPath());
        }
        return requests;
    }

    private int replicas() {
        StatefulSet set = client.apps().statefulSets().inNamespace(NAMESPACE).withName(AGENTS).get();
        return set.getSpec().getReplicas();
    }

    private static KubernetesPoolConfig config(int max, int min, boolean scaling) {
        return new Config(AGENTS, Optional.of(NAMESPACE), scaling, max, min, GRACE, Duration.ofSeconds(5));
    }

    private record Config(String statefulSet, Optional<String> namespace, boolean scaling, int maxReplicas,
                          int minReplicas, Duration scaleDownGrace, Duration checkInterval)
            implements KubernetesPoolConfig {
    }

    private static final class MutableClock implements InstantSource {
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }
}
