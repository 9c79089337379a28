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
import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's process is killed in the middle of a run and started again on the same
 * database: the agents keep their leases through the gap, the run completes, and no task is DONE
 * twice. (Same test resources as the other team ITs, so the application is shared.)
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class CoordinatorRestartIT {

    @Inject
    AgentConfig config;

    @Test
    void runSurvivesAKilledCoordinatorAndNoTaskIsDoneTwice() {
        // Given a decentralized run of the tiny suite for two agents, with a lease (20 s) longer than the restart
        String runId = startTinyRunForTwo("decentralized");
        // that has done its first task and has others to do
        awaitFirstTaskDone(runId);
        JsonPath before = runView(runId);
        assertThat(before.getString("status")).isEqualTo("RUNNING");
        assertThat(before.getList("tasks.state", String.class)).contains("DONE").anyMatch(s -> !s.equals("DONE"));

        // When the coordinator's process is killed and started again
        PeersResource.restartCoordinator();

        // Then the run completes
        JsonPath run = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> runView(runId), view -> !"RUNNING".equals(view.getString("status")));
        assertThat(run.getString("status")).as("run %s: %s", runId, run.prettify()).isEqualTo("COMPLETED");
        List<String> taskIds = run.getList("tasks.id", String.class);
        assertThat(run.getList("tasks.state", String.class)).hasSize(5).containsOnly("DONE");

        // and every task was DONE exactly once
        List<TestEvents.Received> taskEvents = TestEvents.await(Topics.TASK_EVENTS, runId,
                seen -> events(seen, TaskEvent.TaskDone.class).size() >= taskIds.size(), Duration.ofSeconds(30));
        Map<String, Long> donePerTask = events(distinct(taskEvents), TaskEvent.TaskDone.class).stream()
                .collect(Collectors.groupingBy(TaskEvent.TaskDone::taskId, Collectors.counting()));
        assertThat(donePerTask).containsOnlyKeys(taskIds).allSatisfy((task, n) -> assertThat(n).isEqualTo(1));
        // by the run's team
        assertThat(events(taskEvents, TaskEvent.TaskDone.class)).extracting(TaskEvent.TaskDone::agentId)
                .allSatisfy(agent -> assertThat(agent).isIn(run.getList("team", String.class)));
    }

    @Test
    void aPreassignedRunSurvivesAKilledCoordinatorAndEachAgentDoesEachOfItsTasksOnce() {
        // Given a preassigned run of the tiny suite for two agents, with a lease (20 s) longer than the restart
        String runId = startTinyRunForTwo("preassigned");
        // that has done its first task, and whose other tasks are assigned or waiting
        awaitFirstTaskDone(runId);
        assertThat(runView(runId).getString("status")).isEqualTo("RUNNING");

        // When the coordinator's process is killed and started again (its recovery sends the assignments of
        // the claimed tasks again, in case one was claimed but never sent)
        PeersResource.restartCoordinator();

        // Then the run completes, every task DONE exactly once
        JsonPath run = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> runView(runId), view -> !"RUNNING".equals(view.getString("status")));
        assertThat(run.getString("status")).as("run %s: %s", runId, run.prettify()).isEqualTo("COMPLETED");
        List<String> taskIds = run.getList("tasks.id", String.class);
        List<TestEvents.Received> taskEvents = TestEvents.await(Topics.TASK_EVENTS, runId,
                seen -> events(seen, TaskEvent.TaskDone.class).size() >= taskIds.size(), Duration.ofSeconds(30));
        Map<String, Long> donePerTask = events(distinct(taskEvents), TaskEvent.TaskDone.class).stream()
                .collect(Collectors.groupingBy(TaskEvent.TaskDone::taskId, Collectors.counting()));
        assertThat(donePerTask).containsOnlyKeys(taskIds).allSatisfy((task, n) -> assertThat(n).isEqualTo(1));
        // and the assignments of the claimed tasks reached the inbox again after the restart, as the same
        // CloudEvents (same ids), and no lease had to run out (no task was claimed a second time)
        List<TestEvents.Received> inbox = TestEvents.await(Topics.AGENT_INBOX, runId,
                seen -> seen.size() > taskIds.size(), Duration.ofSeconds(30));
        Map<String, Long> copies = inbox.stream()
                .collect(Collectors.groupingBy(TestEvents.Received::id, Collectors.counting()));
        assertThat(copies).as("assignments of run %s by CloudEvents id", runId).hasSize(taskIds.size())
                .containsValue(2L);
        // yet each task was completed once by its agent: an agent ignores the copy of an assignment it has
        // or has done (and takes again one it gave up while the coordinator was away)
        List<TestEvents.Received> agentEvents = TestEvents.await(Topics.AGENT_EVENTS, runId,
                seen -> completions(seen).size() >= taskIds.size(), Duration.ofSeconds(30));
        Map<String, Long> completedPerTask = completions(agentEvents).stream()
                .collect(Collectors.groupingBy(AgentEvent.ToolCalled::taskId, Collectors.counting()));
        assertThat(completedPerTask).containsOnlyKeys(taskIds).allSatisfy((task, n) -> assertThat(n).isEqualTo(1));
    }

    /** The agents' successful complete_task calls. */
    private static List<AgentEvent.ToolCalled> completions(List<TestEvents.Received> received) {
        return events(received, AgentEvent.ToolCalled.class).stream()
                .filter(c -> c.tool().equals("complete_task") && c.outcome().equals("ok")).toList();
    }

    private JsonPath runView(String runId) {
        return given().baseUri(config.coordinatorUrl())
                .when().get("/api/runs/{run}", runId)
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /** One event per CloudEvents id: the outbox may send an event again after a kill, as the same fact. */
    private static List<TestEvents.Received> distinct(List<TestEvents.Received> received) {
        return List.copyOf(received.stream().collect(Collectors.toMap(TestEvents.Received::id, r -> r,
                (first, copy) -> first, java.util.LinkedHashMap::new)).values());
    }

    private static <T> List<T> events(List<TestEvents.Received> received, Class<T> type) {
        return received.stream().map(TestEvents.Received::event).filter(type::isInstance).map(type::cast).toList();
    }

    /** Starts a run of the tiny suite for two agents, its leases (20 s) longer than a restart takes. */
    private String startTinyRunForTwo(String architecture) {
        return given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body("""
                        {"suite": "tiny", "architecture": "%s", "agents": 2,
                         "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 700},
                         "limits": {"leaseDuration": "PT20S"}}""".formatted(architecture))
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().path("id");
    }

    private static void awaitFirstTaskDone(String runId) {
        TestEvents.await(Topics.TASK_EVENTS, runId, seen -> !events(seen, TaskEvent.TaskDone.class).isEmpty(),
                Duration.ofSeconds(60));
    }
}
