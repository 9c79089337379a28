package io.troupe.coordinator.api;

import static io.restassured.RestAssured.given;
import static io.troupe.coordinator.api.CoordinatorIT.events;
import static io.troupe.coordinator.api.CoordinatorIT.post;
import static io.troupe.coordinator.api.CoordinatorIT.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.troupe.coordinator.support.WorkspaceServiceResource;
import io.troupe.protocol.Topics;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.events.RunEvent;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Runs in rounds through the coordinator's HTTP API, the test acting as the agents on the round barrier:
 * each round lasts its slowest turn, an idle member takes a turn every round, and the last round ends the
 * run as FAILED; the RunSpec's checks of {@code execution} and {@code limits.maxRounds}. Shares its Quarkus
 * boot with {@link CoordinatorIT} (same test resources).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(WorkspaceServiceResource.class)
class RoundsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Real time a request takes, which the run's clock follows while a member is at work between turns. */
    private static final Duration SLACK = Duration.ofMillis(2500);
    /** A thread per waiting agent (the common pool may have one thread: a parked turn would hold the next). */
    private static final ExecutorService AGENTS = Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void eachRoundLastsItsSlowestTurnAnIdleMemberTakesOneTurnPerRoundAndTheLastRoundFailsTheRun() {
        // Given a decentralized run of two agents in rounds, at most 3 rounds: agent-1 on t1, agent-2 idle
        String run = post(Map.of("suite", "tiny", "architecture", "decentralized", "agents", 2,
                "execution", "rounds", "limits", Map.of("maxRounds", 3))).statusCode(201)
                .body("execution", equalTo("rounds")).body("rounds", equalTo(1))
                .body("limits.maxRounds", equalTo(3)).extract().path("id");
        given().header(TroupeHeaders.AGENT, "agent-1").post("/api/runs/{run}/tasks/t1/claim", run).then()
                .statusCode(200);
        given().header(TroupeHeaders.AGENT, "agent-1").contentType("application/json")
                .body("{\"state\": \"WORKING\", \"task\": \"t1\"}").post("/api/runs/{run}/clock/state", run).then()
                .statusCode(200);

        // When agent-1 takes 10 s turns on t1 and agent-2 4 s idle turns, each asking again once its reply is in
        CompletableFuture<Instant> a1 = async(() -> turn(run, "agent-1", "t1", 10_000));
        Instant b1 = turn(run, "agent-2", null, 4_000);
        CompletableFuture<Instant> b2 = async(() -> turn(run, "agent-2", null, 4_000));
        Instant a1At = a1.join();
        CompletableFuture<Instant> a2 = async(() -> turn(run, "agent-1", "t1", 10_000));
        Instant b2At = b2.join();
        CompletableFuture<Instant> b3 = async(() -> turn(run, "agent-2", null, 4_000));
        Instant a2At = a2.join();
        given().get("/api/runs/{run}/clock", run).then().statusCode(200).body("round", equalTo(2));
        CompletableFuture<Instant> a3 = async(() -> turn(run, "agent-1", "t1", 10_000));
        Instant b3At = b3.join();
        CompletableFuture<ValidatableResponse> b4 = async(() -> ask(run, "agent-2", null));
        Instant a3At = a3.join();

        // Then agent-2's turn of each round ends 4 s after the round began, which is when agent-1's slower
        // reply of the round before was in: each round lasts its slowest turn
        assertThat(Duration.between(a1At.minusSeconds(6), b1).abs()).isLessThan(SLACK);
        assertThat(Duration.between(a1At, b2At)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(4).plus(SLACK));
        assertThat(Duration.between(a1At, a2At)).isBetween(Duration.ofSeconds(10),
                Duration.ofSeconds(10).plus(SLACK));
        assertThat(Duration.between(a2At, b3At)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(4).plus(SLACK));
        assertThat(Duration.between(a2At, a3At)).isBetween(Duration.ofSeconds(10),
                Duration.ofSeconds(10).plus(SLACK));

        // When agent-1 asks for a fourth turn too (agent-2 already waits for round 4)
        ValidatableResponse a4 = ask(run, "agent-1", "t1");

        // Then the third round was the last: the run failed, saying so, with its 3 rounds recorded
        problem(a4, 409, "run-finished");
        problem(b4.join(), 409, "run-finished");
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/runs/{run}", run).then()
                .body("status", equalTo("FAILED")).body("reason", containsString("3 rounds"))
                .body("rounds", equalTo(3)));
        RunEvent.RunFinished finished = events(Topics.RUN_EVENTS, run, seen -> seen.size() >= 2).stream()
                .filter(RunEvent.RunFinished.class::isInstance).map(RunEvent.RunFinished.class::cast)
                .findFirst().orElseThrow();
        assertThat(finished.status()).isEqualTo("FAILED");
        assertThat(finished.rounds()).isEqualTo(3);
        RunEvent.RunStarted started = events(Topics.RUN_EVENTS, run, seen -> !seen.isEmpty()).stream()
                .filter(RunEvent.RunStarted.class::isInstance).map(RunEvent.RunStarted.class::cast)
                .findFirst().orElseThrow();
        assertThat(started.inRounds()).isTrue();
    }

    @Test
    void anEventDrivenRunHasNoRoundsAndRefusesACapOnThem() {
        // When a run leaves execution out
        post(Map.of("suite", "tiny", "architecture", "preassigned", "agents", 1)).statusCode(201)
                .body("execution", equalTo("event-driven")).body("rounds", equalTo(null))
                .body("limits.maxRounds", equalTo(null));

        // Then a cap on rounds without rounds, an unknown execution, a cap out of bounds and rounds of an
        // architecture that has none yet are refused, naming the field
        problem(post(Map.of("suite", "tiny", "agents", 1, "limits", Map.of("maxRounds", 5))), 400, "invalid-field")
                .body("detail", containsString("limits.maxRounds"));
        problem(post(Map.of("suite", "tiny", "agents", 1, "execution", "lockstep")), 400, "invalid-field")
                .body("detail", containsString("'execution' must be one of event-driven, rounds"));
        problem(post(Map.of("suite", "tiny", "agents", 1, "execution", "rounds", "limits",
                Map.of("maxRounds", 0))), 400, "invalid-field").body("detail", containsString("maxRounds"));
        problem(post(Map.of("suite", "tiny", "agents", 1, "execution", "rounds", "limits",
                Map.of("maxRounds", 10_001))), 400, "invalid-field").body("detail", containsString("maxRounds"));
        problem(post(Map.of("suite", "tiny", "agents", 1, "execution", "rounds", "architecture", "queue")), 400,
                "unsupported-architecture").body("detail", containsString("rounds"));
        // and a run in rounds without a cap gets the paper's 60
        post(Map.of("suite", "tiny", "agents", 1, "execution", "rounds")).statusCode(201)
                .body("limits.maxRounds", equalTo(60));
    }

    private static <T> CompletableFuture<T> async(java.util.function.Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, AGENTS);
    }

    /** A turn of {@code millis} (an idle turn without {@code task}); the run's time when it fired. */
    private static Instant turn(String run, String agent, String task, long millis) {
        return Instant.parse(given().header(TroupeHeaders.AGENT, agent).contentType("application/json")
                .body(Map.of("task", task == null ? "" : task, "millis", millis).entrySet().stream()
                        .filter(e -> !"".equals(e.getValue()))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .post("/api/runs/{run}/clock/timers", run).then().statusCode(200)
                .body("fired", equalTo(true)).body("declined", equalTo(false)).extract().path("at"));
    }

    private static ValidatableResponse ask(String run, String agent, String task) {
        return given().header(TroupeHeaders.AGENT, agent).contentType("application/json")
                .body(task == null ? "{\"millis\": 1000}" : "{\"task\": \"" + task + "\", \"millis\": 1000}")
                .post("/api/runs/{run}/clock/timers", run).then();
    }
}
