package io.troupe.agent.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.AgentEvent.AgentBusy;
import io.troupe.protocol.events.AgentEvent.TaskAbandoned;
import io.troupe.protocol.events.AgentEvent.ToolCalled;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.AgentEvent.TurnStarted;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The agent service with the real coordinator and workspace: a simulated team builds the tiny suite. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class SimulatedTeamIT {
    private static final String RUN_REQUEST = """
            {"suite": "tiny", "architecture": "preassigned", "agents": 2,
             "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 50},
             "experimentId": null}""";

    @Inject
    AgentConfig config;

    @Test
    void simulatedTeamCompletesThePreassignedTinySuite() {
        // Given the coordinator's preassigned run of the tiny suite on two of this process's agents
        int doneBefore = tasksDone();
        // When it is created
        String runId = given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body(RUN_REQUEST)
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().path("id");

        // Then the agents complete every task
        JsonPath run = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> runView(runId), view -> !"RUNNING".equals(view.getString("status")));
        assertThat(run.getString("status")).as("run %s: %s", runId, run.prettify()).isEqualTo("COMPLETED");
        List<String> team = run.getList("team", String.class);
        assertThat(team).hasSize(2).allSatisfy(a -> assertThat(a).isIn("agent-1", "agent-2", "agent-3"));
        List<String> taskIds = run.getList("tasks.id", String.class);
        assertThat(taskIds).hasSize(5);
        assertThat(run.getList("tasks.state", String.class)).containsOnly("DONE");

        // and each task took two turns (write and test, then complete), each reported with real token counts
        List<TestEvents.Received> agentEvents = TestEvents.await(Topics.AGENT_EVENTS, runId,
                seen -> turns(seen).size() >= 2 * taskIds.size() && toolCalls(seen).size() >= 3 * taskIds.size(),
                Duration.ofSeconds(30));
        List<TurnCompleted> turns = turns(agentEvents);
        assertThat(turns).hasSize(2 * taskIds.size()).allSatisfy(turn -> {
            assertThat(turn.inputTokens()).isPositive();
            assertThat(turn.outputTokens()).isPositive();
            assertThat(turn.model()).isEqualTo("simulated-constant");
            assertThat(turn.latencyMillis()).isGreaterThanOrEqualTo(50);
            assertThat(turn.agentId()).isIn(team);
        });
        Map<String, Long> turnsPerTask = turns.stream()
                .collect(Collectors.groupingBy(TurnCompleted::taskId, Collectors.counting()));
        assertThat(turnsPerTask).containsOnlyKeys(taskIds).allSatisfy((task, count) -> assertThat(count).isEqualTo(2));
        // and every tool call succeeded: one write per file, one test run and one completion per task
        assertThat(toolCalls(agentEvents)).allSatisfy(call -> assertThat(call.outcome()).as(call.detail())
                .isEqualTo("ok"));
        assertThat(toolCalls(agentEvents)).filteredOn(c -> c.tool().equals("complete_task")).hasSize(taskIds.size());

        // and the workspace the agents wrote passes the whole suite's tests
        JsonPath tests = given().baseUri(config.workspaceUrl()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/runs/{run}/test-runs", runId)
                .then().statusCode(200)
                .extract().jsonPath();
        assertThat(tests.getInt("passed")).as(tests.getString("output")).isPositive();
        assertThat(tests.getInt("failed") + tests.getInt("errors")).as(tests.getString("output")).isZero();
        assertThat(tests.getInt("exitCode")).isZero();

        // and the agents are idle again, having done the five tasks between them
        List<Map<String, Object>> agents = given().when().get("/api/agents")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(agents).extracting(a -> a.get("state")).containsOnly("IDLE");
        assertThat(tasksDone() - doneBefore).isEqualTo(taskIds.size());
    }

    @Test
    void aSimulatedRunOnItsOwnClockTakesModelTimeNotRealTime() {
        // Given a preassigned run of the tiny suite whose model takes 10 s per turn, on the run's clock
        String request = """
                {"suite": "tiny", "architecture": "preassigned", "agents": 2,
                 "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 10000}}""";
        long wallStart = System.nanoTime();
        String runId = given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body(request)
                .when().post("/api/runs")
                .then().statusCode(201).body("clock", equalTo("run"))
                .extract().path("id");

        // When it completes
        JsonPath run = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> runView(runId), view -> !"RUNNING".equals(view.getString("status")));
        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
        assertThat(run.getString("status")).as("run %s: %s", runId, run.prettify()).isEqualTo("COMPLETED");

        // Then every turn took its 10 s of model time, and the run at least its critical path of three
        // tasks of two turns each, 60 s, on its clock, while far less passed on the wall's
        List<TestEvents.Received> agentEvents = TestEvents.await(Topics.AGENT_EVENTS, runId,
                seen -> turns(seen).size() >= 10, Duration.ofSeconds(30));
        // (plus the real time of the turn's own work and of its calls to the clock: a few round trips)
        assertThat(turns(agentEvents)).hasSize(10).allSatisfy(turn ->
                assertThat(turn.latencyMillis()).isBetween(10_000L, 10_500L));
        Duration makespan = Duration.between(java.time.Instant.parse(run.getString("createdAt")),
                java.time.Instant.parse(run.getString("finishedAt")));
        assertThat(makespan).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(85));
        assertThat(wall).isLessThan(Duration.ofSeconds(40));
        // and the agents' events read like a real run's: each turn ends 10 s after it started
        List<TurnCompleted> turns = turns(agentEvents);
        assertThat(turns).allSatisfy(turn -> assertThat(turn.at())
                .isAfterOrEqualTo(java.time.Instant.parse(run.getString("createdAt")).plusSeconds(10)));
    }

    @Test
    void workersAnnounceThemselvesAndTheCoordinatorRecruitsThem() {
        // Given this process's three workers, which send heartbeats
        // Then the coordinator knows them as live idle agents
        JsonPath agents = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> coordinatorAgents(), a -> a.getList("agents.id").size() == 3
                        && a.getList("agents.state").stream().allMatch("IDLE"::equals));
        assertThat(agents.getList("agents.id", String.class)).containsExactly("agent-1", "agent-2", "agent-3");
        assertThat(agents.getList("agents.host", String.class)).doesNotContainNull();
        assertThat(agents.getInt("capacity")).isEqualTo(3);

        // When a preassigned run of two starts
        JsonPath run = given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body(RUN_REQUEST)
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().jsonPath();

        // Then it recruited two of them (the first two, all being idle), which are held until the run is over
        String runId = run.getString("id");
        assertThat(run.getList("team", String.class)).containsExactly("agent-1", "agent-2");
        assertThat(coordinatorAgents().getList("agents.find { it.id == 'agent-1' }.recruitedBy", String.class))
                .containsExactly(runId);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> runView(runId), view -> !"RUNNING".equals(view.getString("status")));
        assertThat(coordinatorAgents().getList("agents.recruitedBy.flatten()", String.class))
                .doesNotContain(runId);
    }

    @Test
    void aCancelledRunsAgentsStopTheirTurnsAtOnceAndTakeNoTurnAfterIt() {
        // Given a preassigned run whose agents are in their first turns, each 30 s long on the wall clock
        String runId = given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body("""
                        {"suite": "tiny", "architecture": "preassigned", "agents": 2, "clock": "wall",
                         "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 30000}}""")
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().path("id");
        TestEvents.await(Topics.AGENT_EVENTS, runId, seen -> seen.stream().map(TestEvents.Received::event)
                .filter(TurnStarted.class::isInstance).count() >= 2, Duration.ofSeconds(30));

        // When it is cancelled
        given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body("{\"reason\": \"test\"}")
                .when().post("/api/runs/{run}/cancel", runId)
                .then().statusCode(200)
                .body("status", equalTo("CANCELLED"));

        // Then both agents give their tasks up long before their turns would have ended
        List<TestEvents.Received> events = TestEvents.await(Topics.AGENT_EVENTS, runId, seen -> seen.stream()
                .map(TestEvents.Received::event).filter(TaskAbandoned.class::isInstance).count() >= 2,
                Duration.ofSeconds(20));
        List<TaskAbandoned> abandoned = events.stream().map(TestEvents.Received::event)
                .filter(TaskAbandoned.class::isInstance).map(TaskAbandoned.class::cast).toList();
        assertThat(abandoned).as("tasks given up within 20 s of the cancel (a turn is 30 s)").hasSize(2);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> coordinatorAgents().getList("agents.recruitedBy.flatten()", String.class),
                        recruited -> !recruited.contains(runId));
        // and no turn of the run was completed, nor a tool called
        assertThat(turns(events)).isEmpty();
        assertThat(toolCalls(events)).isEmpty();
    }

    @Test
    void anAssignmentSentAgainAsTheSameCloudEventIsDoneOnce() {
        // Given a preassigned run whose first assignments reached its agents
        String runId = given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body(RUN_REQUEST)
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().path("id");
        List<TestEvents.Received> first = TestEvents.await(Topics.AGENT_INBOX, runId, seen -> seen.size() >= 2,
                Duration.ofSeconds(30));

        // When each is sent again as the same CloudEvent (as a restarted coordinator does), while its agent
        // works on it or has done it
        first.forEach(r -> TestEvents.publish(Topics.AGENT_INBOX, r.event(), r.id()));

        // Then the run completes, and the agents worked on each task once and completed it once
        JsonPath run = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> runView(runId), view -> !"RUNNING".equals(view.getString("status")));
        assertThat(run.getString("status")).as("run %s: %s", runId, run.prettify()).isEqualTo("COMPLETED");
        List<String> taskIds = run.getList("tasks.id", String.class);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().when().get("/api/agents").then().statusCode(200).extract().jsonPath()
                        .getList("state", String.class), states -> states.stream().allMatch("IDLE"::equals));
        List<TestEvents.Received> agentEvents = TestEvents.await(Topics.AGENT_EVENTS, runId,
                seen -> toolCalls(seen).stream().filter(c -> c.tool().equals("complete_task")).count()
                        >= taskIds.size(), Duration.ofSeconds(30));
        Map<String, Long> worked = agentEvents.stream().map(TestEvents.Received::event)
                .filter(AgentBusy.class::isInstance).map(AgentBusy.class::cast)
                .collect(Collectors.groupingBy(AgentBusy::taskId, Collectors.counting()));
        assertThat(worked).containsOnlyKeys(taskIds).allSatisfy((task, n) -> assertThat(n).isEqualTo(1));
        assertThat(toolCalls(agentEvents)).filteredOn(c -> c.tool().equals("complete_task"))
                .extracting(ToolCalled::taskId).containsExactlyInAnyOrderElementsOf(taskIds);
    }

    private JsonPath coordinatorAgents() {
        return given().baseUri(config.coordinatorUrl()).when().get("/api/agents")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void unknownAgentIsANotFoundProblem() {
        given()
                .when().get("/api/agents/{agent}", "agent-99")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://troupe.dev/problems/agent-not-found"))
                .body("instance", equalTo("/api/agents/agent-99"))
                .body("detail", containsString("agent-99"))
                .body("detail", containsString("agent-1"));
    }

    /** Tasks done by this process's agents so far (other tests share the service). */
    private static int tasksDone() {
        List<Map<String, Object>> agents = given().when().get("/api/agents")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return agents.stream().mapToInt(a -> ((Number) a.get("tasksDone")).intValue()).sum();
    }

    static List<TurnCompleted> turns(List<TestEvents.Received> received) {
        return received.stream().map(TestEvents.Received::event).filter(TurnCompleted.class::isInstance)
                .map(TurnCompleted.class::cast).toList();
    }

    static List<ToolCalled> toolCalls(List<TestEvents.Received> received) {
        return received.stream().map(TestEvents.Received::event).filter(ToolCalled.class::isInstance)
                .map(ToolCalled.class::cast).toList();
    }

    private JsonPath runView(String runId) {
        return given().baseUri(config.coordinatorUrl())
                .when().get("/api/runs/{run}", runId)
                .then().statusCode(200)
                .extract().jsonPath();
    }
}
