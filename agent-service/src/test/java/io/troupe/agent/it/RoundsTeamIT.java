package io.troupe.agent.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.RunEvent;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The paper's two modes end to end: simulated teams in rounds ({@code "execution": "rounds"}) with the real
 * coordinator and workspace, preassigned and decentralized, on the run's clock. Every member takes one turn
 * per round, idle or not, so each agent's turns are the rounds (the last perhaps not yet), and the tasks
 * still take their two turns each.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class RoundsTeamIT {
    private static final long LATENCY_MILLIS = 50;

    @Inject
    AgentConfig config;

    @Test
    void aPreassignedTeamInRoundsCompletesTheTinySuite() {
        completesInRounds("preassigned");
    }

    @Test
    void aDecentralizedTeamInRoundsCompletesTheTinySuite() {
        completesInRounds("decentralized");
    }

    private void completesInRounds(String architecture) {
        // Given a run of the tiny suite (5 tasks, a chain of 3) by two simulated agents in rounds
        String runId = given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body("""
                        {"suite": "tiny", "architecture": "%s", "agents": 2, "execution": "rounds",
                         "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": %d}}"""
                        .formatted(architecture, LATENCY_MILLIS))
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().path("id");

        // When it runs, Then it completes, every task DONE, with the rounds it used recorded
        JsonPath run = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> runView(runId), view -> !"RUNNING".equals(view.getString("status")));
        assertThat(run.getString("status")).as("run %s: %s", runId, run.prettify()).isEqualTo("COMPLETED");
        assertThat(run.getString("execution")).isEqualTo("rounds");
        assertThat(run.getList("tasks.state", String.class)).hasSize(5).containsOnly("DONE");
        int rounds = run.getInt("rounds");
        // (each task takes two turns, each in a round of its own: the chain of 3 tasks needs 6 rounds at least)
        assertThat(rounds).isBetween(6, 60);
        RunEvent.RunFinished finished = TestEvents.await(Topics.RUN_EVENTS, runId,
                        seen -> seen.stream().anyMatch(r -> r.event() instanceof RunEvent.RunFinished),
                        Duration.ofSeconds(30)).stream().map(TestEvents.Received::event)
                .filter(RunEvent.RunFinished.class::isInstance).map(RunEvent.RunFinished.class::cast)
                .findFirst().orElseThrow();
        assertThat(finished.rounds()).isEqualTo(rounds);

        // and each member took one turn per round, idle or not: at least one in every round before the last,
        // never more than the rounds
        List<String> team = run.getList("team", String.class);
        List<TurnCompleted> turns = SimulatedTeamIT.turns(TestEvents.await(Topics.AGENT_EVENTS, runId,
                seen -> team.stream().allMatch(agent -> SimulatedTeamIT.turns(seen).stream()
                        .filter(t -> t.agentId().equals(agent)).count() >= rounds - 1),
                Duration.ofSeconds(30)));
        Map<String, Long> perAgent = turns.stream()
                .collect(Collectors.groupingBy(TurnCompleted::agentId, Collectors.counting()));
        assertThat(perAgent).as("turns per agent in %d rounds", rounds).containsOnlyKeys(team)
                .allSatisfy((agent, n) -> assertThat(n).isBetween((long) rounds - 1, (long) rounds));
        // and the idle ones are model calls too, counted with their tokens, each task still two turns
        List<TurnCompleted> idle = turns.stream().filter(t -> t.taskId() == null).toList();
        assertThat(idle).isNotEmpty().allSatisfy(t -> {
            assertThat(t.inputTokens()).isPositive();
            assertThat(t.outputTokens()).isPositive();
            assertThat(t.latencyMillis()).isEqualTo(LATENCY_MILLIS);
        });
        Map<String, Long> perTask = turns.stream().map(TurnCompleted::taskId).filter(Objects::nonNull)
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        assertThat(perTask).hasSize(5).allSatisfy((task, n) -> assertThat(n).isEqualTo(2));
        // and the run's time is at least its rounds' model time (the rounds before the last, one turn each)
        Duration makespan = Duration.between(Instant.parse(run.getString("createdAt")),
                Instant.parse(run.getString("finishedAt")));
        assertThat(makespan).isGreaterThanOrEqualTo(Duration.ofMillis(LATENCY_MILLIS * (rounds - 1)));
    }

    private JsonPath runView(String runId) {
        return given().baseUri(config.coordinatorUrl())
                .when().get("/api/runs/{run}", runId)
                .then().statusCode(200)
                .extract().jsonPath();
    }
}
