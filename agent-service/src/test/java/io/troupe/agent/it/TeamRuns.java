package io.troupe.agent.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.testkit.TestEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fault tests' runs: one run of each architecture side by side, two agents each (and the lead's run a
 * lead besides), on this process's nine workers, checked for every task DONE once.
 */
final class TeamRuns {
    static final List<String> ARCHITECTURES = List.of("preassigned", "decentralized", "queue", "lead");
    static final String PREFIX = "fault-agent-";
    static final String SUITE = "numlib-p09";
    static final Duration RUN_LIMIT = Duration.ofSeconds(240);

    private final String coordinatorUrl;

    TeamRuns(String coordinatorUrl) {
        this.coordinatorUrl = coordinatorUrl;
    }

    /** One run of each architecture at once: two agents each, and the lead's run a lead besides. */
    public static class NineWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troupe.agent.workers", "9", "troupe.agent.id-prefix", PREFIX);
        }
    }

    /**
     * Agents of earlier test applications on the shared broker stay in the coordinator's view for a
     * heartbeat timeout; a run must recruit only this application's nine.
     */
    void awaitOnlyThisServicesAgentsIdle() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonPath agents = given().baseUri(coordinatorUrl).when().get("/api/agents")
                    .then().statusCode(200).extract().jsonPath();
            List<String> idle = agents.getList("agents.findAll { it.state == 'IDLE' }.id", String.class);
            return idle.size() == 9 && idle.stream().allMatch(id -> id.startsWith(PREFIX));
        });
    }

    /** A run for two agents on the wall clock with 500 ms turns, its leases (20 s) longer than a restart takes. */
    String startRunForTwo(String architecture) {
        return given().baseUri(coordinatorUrl).contentType(ContentType.JSON).body("""
                        {"suite": "%s", "architecture": "%s", "agents": 2,
                         "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 500},
                         "limits": {"leaseDuration": "PT20S"}, "clock": "wall"}""".formatted(SUITE, architecture))
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().path("id");
    }

    JsonPath runView(String runId) {
        return given().baseUri(coordinatorUrl)
                .when().get("/api/runs/{run}", runId)
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /** The run's status and each task's state and holder, for a failure message. */
    String describe(String runId) {
        JsonPath view = runView(runId);
        StringBuilder out = new StringBuilder(runId + " " + view.getString("status") + ":");
        List<Map<String, Object>> tasks = view.getList("tasks");
        for (Map<String, Object> task : tasks) {
            out.append(' ').append(task.get("id")).append('=').append(task.get("state"));
            Object holder = task.get("agent") != null ? task.get("agent") : task.get("assignee");
            if (holder != null) {
                out.append('@').append(holder);
            }
        }
        return out.toString();
    }

    static boolean ended(JsonPath run) {
        return !"RUNNING".equals(run.getString("status"));
    }

    static long doneTasks(JsonPath run) {
        return run.getList("tasks.state", String.class).stream().filter("DONE"::equals).count();
    }

    /** Waits for the run to end, then checks that it completed with every task DONE once. */
    void awaitCompletedDoneOnceEach(String architecture, String runId, Duration within) {
        JsonPath run = await().atMost(within).pollInterval(Duration.ofMillis(250))
                .until(() -> runView(runId), TeamRuns::ended);
        assertThat(run.getString("status")).as("%s run %s: %s", architecture, runId, run.prettify())
                .isEqualTo("COMPLETED");
        assertDoneOnceEach(runId, run);
    }

    /**
     * Every task of the run DONE on the board, and exactly one TaskDone per task on Kafka: the board's
     * change and its event are committed together (the outbox), so a fault can neither lose the event
     * nor make a second one. A copy the relay sent again carries the first's CloudEvents id: the same
     * fact, counted once.
     */
    private static void assertDoneOnceEach(String runId, JsonPath run) {
        List<String> taskIds = run.getList("tasks.id", String.class);
        assertThat(run.getList("tasks.state", String.class)).as("run %s", runId).containsOnly("DONE");
        List<TestEvents.Received> done = taskDone(TestEvents.await(Topics.TASK_EVENTS, runId,
                seen -> distinctFacts(taskDone(seen)).size() >= taskIds.size(), Duration.ofSeconds(30)));
        Map<String, Long> donePerTask = distinctFacts(done).stream()
                .collect(Collectors.groupingBy(r -> ((TaskEvent.TaskDone) r.event()).taskId(), Collectors.counting()));
        assertThat(taskIds).as("tasks of run %s with a TaskDone", runId).containsAll(donePerTask.keySet());
        // No task DONE on the board without its TaskDone on Kafka, and none DONE twice.
        assertThat(donePerTask).as("TaskDone events (distinct CloudEvents ids) per task of run %s", runId)
                .containsOnlyKeys(taskIds)
                .allSatisfy((task, n) -> assertThat(n).as("TaskDone of %s in run %s", task, runId).isEqualTo(1));
    }

    /** One event per CloudEvents id: a resend of an id is the same fact. */
    private static List<TestEvents.Received> distinctFacts(List<TestEvents.Received> events) {
        return List.copyOf(events.stream().collect(Collectors.toMap(TestEvents.Received::id, r -> r,
                (first, copy) -> first, java.util.LinkedHashMap::new)).values());
    }

    private static List<TestEvents.Received> taskDone(List<TestEvents.Received> seen) {
        return seen.stream().filter(r -> r.event() instanceof TaskEvent.TaskDone).toList();
    }
}
