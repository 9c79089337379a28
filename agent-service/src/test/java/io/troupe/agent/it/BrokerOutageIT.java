package io.troupe.agent.it;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.troupe.agent.config.AgentConfig;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.SharedBroker;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The broker's fault test: Kafka is killed (SIGKILL) for 30 s in the middle of one run of every
 * architecture, then started again on the same port and data. Every run must complete, with every task
 * DONE once: what the coordinator could not publish during the outage (a task released, a task done, a
 * run finished) is published when the broker is back, and the agents' clients reconnect by themselves.
 */
@QuarkusTest
@TestProfile(TeamRuns.NineWorkers.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class BrokerOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Inject
    AgentConfig config;

    @Test
    void everyArchitectureCompletesARunThroughA30SecondBrokerOutage() {
        TeamRuns team = new TeamRuns(config.coordinatorUrl());
        team.awaitOnlyThisServicesAgentsIdle();
        // Given one run of each architecture side by side, each of which has done two of its 20 tasks
        Map<String, String> runs = new LinkedHashMap<>();
        TeamRuns.ARCHITECTURES.forEach(a -> runs.put(a, team.startRunForTwo(a)));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> runs.values().stream().map(team::runView).allMatch(v -> TeamRuns.doneTasks(v) >= 2));
        Map<String, Long> doneAtOutage = new LinkedHashMap<>();
        runs.forEach((a, id) -> doneAtOutage.put(a, TeamRuns.doneTasks(team.runView(id))));

        // When the broker is killed, stays down 30 s, and comes back on the same port and data
        Instant down = Instant.now();
        SharedBroker.outage(OUTAGE);
        Instant back = Instant.now();

        // Then every run completes, every task DONE once
        runs.forEach((architecture, runId) -> team.awaitCompletedDoneOnceEach(architecture, runId,
                TeamRuns.RUN_LIMIT));
        Map<String, String> ends = new LinkedHashMap<>();
        runs.forEach((a, id) -> {
            JsonPath view = team.runView(id);
            ends.put(a, view.getString("finishedAt"));
        });
        System.out.printf("broker outage test: broker down %s to %s; tasks done at the outage %s; runs finished %s%n",
                down, back, doneAtOutage, ends);
    }
}
