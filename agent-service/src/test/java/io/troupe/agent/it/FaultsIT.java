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
import io.troupe.protocol.events.AgentEvent.TaskAbandoned;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults set per run and per agent in the RunSpec ({@code overrides}), through the real coordinator
 * and workspace: a straggler, and a worker that crashes. This service hosts agent-1 … agent-3.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
// By name: the crash test's queue run has every agent join the share group before the straggler's queue run
// is timed (a member that joins late would take few tasks and make the queue look worse than it is).
@TestMethodOrder(MethodOrderer.MethodName.class)
class FaultsIT {
    private static final int TASKS = 12;
    private static final long LATENCY_MILLIS = 200;

    @Inject
    AgentConfig config;

    @Test
    void aStragglerStretchesAPreassignedRunMoreThanAQueueRun() {
        // Given a suite of 12 independent tasks without tests (two turns each, no test run), and a team
        // of 3 whose first member (override index 0) is 5 times slower than the others
        String suite = importIndependentSuite();
        String team = """
                "suite": "%s", "agents": 3,
                "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": %d},
                "overrides": [{"agent": 0, "slowdown": 5.0}]""".formatted(suite, LATENCY_MILLIS);

        // When the team does it preassigned (the straggler owns a third of the tasks) and as a queue (the
        // straggler takes a task only when it is idle)
        String preassigned = createRun("{\"architecture\": \"preassigned\", " + team + "}");
        Duration preassignedMakespan = makespan(preassigned);
        String queue = createRun("{\"architecture\": \"queue\", " + team + "}");
        Duration queueMakespan = makespan(queue);
        System.out.printf("straggler x5 on one agent of 3: preassigned makespan %s, queue makespan %s%n",
                preassignedMakespan, queueMakespan);

        // Then the straggler's turns took 5 times longer: the run's override reached it in both runs
        for (String run : List.of(preassigned, queue)) {
            String straggler = team(run).getFirst();
            List<TurnCompleted> turns = SimulatedTeamIT.turns(TestEvents.await(Topics.AGENT_EVENTS, run,
                    seen -> SimulatedTeamIT.turns(seen).size() >= 2 * TASKS, Duration.ofSeconds(30)));
            assertThat(turns).filteredOn(t -> t.agentId().equals(straggler)).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.latencyMillis()).isGreaterThanOrEqualTo(5 * LATENCY_MILLIS));
            assertThat(turns).filteredOn(t -> !t.agentId().equals(straggler)).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.latencyMillis()).isLessThan(5 * LATENCY_MILLIS));
        }
        // and the preassigned run waited for the straggler's four tasks (about 4 x 2 s), while the queue
        // run had the others do most of the work (about one straggler task, 2 s): without a straggler
        // both would take about 4 x 0.4 s
        assertThat(preassignedMakespan).as("preassigned %s vs queue %s", preassignedMakespan, queueMakespan)
                .isGreaterThan(queueMakespan.multipliedBy(13).dividedBy(10))
                .isGreaterThan(Duration.ofMillis(4 * 2 * 5 * LATENCY_MILLIS));
    }

    @Test
    void aCrashedWorkersTaskIsFinishedByAnotherAgent() {
        // Given a queue run of the tiny suite for 3 agents with 2 s leases, whose first member crashes at its
        // first turn
        String run = createRun("""
                {"suite": "tiny", "architecture": "queue", "agents": 3,
                 "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 50},
                 "overrides": [{"agent": 0, "crashProbability": 1.0}],
                 "limits": {"leaseDuration": "PT2S"}}""");

        // When the team works / Then the run completes
        JsonPath view = awaitEnd(run);
        assertThat(view.getString("status")).as("run %s: %s", run, view.prettify()).isEqualTo("COMPLETED");

        // and the first member crashed on the task it took, which then ran out of its lease and was done by
        // another agent
        List<String> team = team(run);
        String crashed = team.getFirst();
        TaskAbandoned crash = TestEvents.await(Topics.AGENT_EVENTS, run,
                        seen -> seen.stream().anyMatch(r -> r.event() instanceof TaskAbandoned), Duration.ofSeconds(30))
                .stream().map(TestEvents.Received::event).filter(TaskAbandoned.class::isInstance)
                .map(TaskAbandoned.class::cast).findFirst().orElseThrow();
        assertThat(crash.agentId()).isEqualTo(crashed);
        assertThat(crash.reason()).contains("crashed");
        List<TestEvents.Received> taskEvents = TestEvents.await(Topics.TASK_EVENTS, run,
                seen -> seen.stream().filter(r -> r.event() instanceof TaskEvent.TaskDone).count() >= 5,
                Duration.ofSeconds(30));
        assertThat(taskEvents).extracting(TestEvents.Received::event)
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TaskEvent.TaskLeaseExpired.class,
                        x -> assertThat(x.taskId() + "/" + x.agentId()).isEqualTo(crash.taskId() + "/" + crashed)))
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TaskEvent.TaskDone.class,
                        d -> assertThat(d.taskId() + "/" + d.agentId()).startsWith(crash.taskId() + "/")
                                .doesNotEndWith("/" + crashed)));
        // and a dead worker did nothing more in the run: every task was done by the two others
        assertThat(view.getList("tasks.agent", String.class)).allSatisfy(a -> assertThat(a).isIn(team.subList(1, 3)));
    }

    /** How long the run took from its first claim to its end; it must complete. */
    private Duration makespan(String run) {
        JsonPath view = awaitEnd(run);
        assertThat(view.getString("status")).as("run %s: %s", run, view.prettify()).isEqualTo("COMPLETED");
        Instant firstClaim = TestEvents.await(Topics.TASK_EVENTS, run,
                        seen -> seen.stream().anyMatch(r -> r.event() instanceof TaskEvent.TaskClaimed),
                        Duration.ofSeconds(30))
                .stream().map(TestEvents.Received::event).filter(TaskEvent.TaskClaimed.class::isInstance)
                .map(e -> e.at()).min(Instant::compareTo).orElseThrow();
        return Duration.between(firstClaim, Instant.parse(view.getString("finishedAt")));
    }

    private String importIndependentSuite() {
        String id = "independent-" + UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> tasks = IntStream.rangeClosed(1, TASKS).mapToObj(i -> {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", "w" + i);
            task.put("title", "Part " + i);
            task.put("description", "Return " + i + ".");
            task.put("dependencies", List.of());
            task.put("files", List.of("w" + i + ".py"));
            task.put("tests", List.of());
            return task;
        }).toList();
        Map<String, Object> solutions = new LinkedHashMap<>();
        IntStream.rangeClosed(1, TASKS).forEach(i -> solutions.put("w" + i, Map.of("w" + i + ".py",
                "def part():\n    return " + i + "\n")));
        // The suite needs a test file; one the first task (which gets it) passes.
        Map<String, Object> request = Map.of("id", id,
                "taskList", Map.of("project", id, "description", "independent parts", "tasks", tasks),
                "tests", Map.of("tests/test_w1.py",
                        "from w1 import part\n\n\ndef test_part():\n    assert part() == 1\n"),
                "solutions", solutions);
        given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body(request)
                .when().post("/api/suites/import")
                .then().statusCode(201);
        return id;
    }

    private String createRun(String request) {
        return given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body(request)
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** The agents the run recruited, in team order (override i is the i-th). */
    private List<String> team(String run) {
        return given().baseUri(config.coordinatorUrl()).when().get("/api/runs/{run}", run)
                .then().statusCode(200).extract().jsonPath().getList("team", String.class);
    }

    private JsonPath awaitEnd(String run) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().baseUri(config.coordinatorUrl()).when().get("/api/runs/{run}", run)
                        .then().statusCode(200).extract().jsonPath(), v -> !"RUNNING".equals(v.getString("status")));
    }
}
