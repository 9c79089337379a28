package io.troupe.agent.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.Topics;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fault test of the local default store: the coordinator's process is killed (SIGKILL) in the
 * middle of runs of every architecture, its embedded PostgreSQL dies with it, and both are started
 * again on the same data, over and over. A commit the coordinator acknowledged before the kill
 * (a task DONE, its {@code TaskDone} published) must survive it: no task is DONE twice, on Kafka or
 * on the board, and every run completes.
 *
 * <p>One run of each architecture goes side by side (a suite of 21 tasks); each time every run has
 * done another task, the coordinator is killed. A run that had ended, or had all its tasks DONE, at a
 * kill does not count as killed mid-run: it is checked and replaced by a new run of its architecture
 * at once, so every architecture has a run in flight at each kill. The kills go on until every
 * architecture has {@code -Dtroupe.it.coordinator-kills} (default {@value #DEFAULT_KILLS}) mid-run
 * kills, with a few kills of slack.
 */
@QuarkusTest
@TestProfile(CoordinatorKillIT.NineWorkers.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class CoordinatorKillIT {
    static final String KILLS_PROPERTY = "troupe.it.coordinator-kills";
    static final int DEFAULT_KILLS = 10;
    private static final List<String> ARCHITECTURES = List.of("preassigned", "decentralized", "queue", "lead");
    private static final String PREFIX = "kill-agent-";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(240);
    private static final String SUITE = "numlib-p09";

    /** One run of each architecture at once: two agents each, and the lead's run a lead besides. */
    public static class NineWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("troupe.agent.workers", "9", "troupe.agent.id-prefix", PREFIX);
        }
    }

    @Inject
    AgentConfig config;

    @Test
    void killingTheCoordinatorAndItsEmbeddedDatabaseMidRunNeverMakesATaskDoneTwice() {
        int kills = Integer.getInteger(KILLS_PROPERTY, DEFAULT_KILLS);
        awaitOnlyThisServicesAgentsIdle();
        Map<String, Integer> midRunKills = new TreeMap<>();
        ARCHITECTURES.forEach(a -> midRunKills.put(a, 0));
        Instant begin = Instant.now();
        int killed = 0;
        int started = 0;
        // Given one run of each architecture side by side (an ended run is checked and replaced at once, so
        // every architecture has a run in flight at every kill)
        Map<String, String> runs = new LinkedHashMap<>();
        Map<String, Long> doneAtLastKill = new LinkedHashMap<>();
        for (String architecture : ARCHITECTURES) {
            runs.put(architecture, startRunForTwo(architecture));
            started++;
        }
        while (midRunKills.values().stream().anyMatch(n -> n < kills)) {
            assertThat(killed).as("kills for %d mid-run kills per architecture (so far %s)", kills, midRunKills)
                    .isLessThan(kills + 5);
            // each of which has done a task since the last kill (or has ended)
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> runs.values().stream().allMatch(id -> {
                        JsonPath view = runView(id);
                        return ended(view) || doneTasks(view) > doneAtLastKill.getOrDefault(id, 0L);
                    }));
            Map<String, JsonPath> atKill = new LinkedHashMap<>();
            runs.forEach((a, id) -> atKill.put(a, runView(id)));

            // When the coordinator is killed (its database with it) and started again on the same data
            long database = PeersResource.coordinatorDatabasePid();
            PeersResource.restartCoordinator();
            killed++;
            assertThat(ProcessHandle.of(database).filter(ProcessHandle::isAlive))
                    .as("the killed coordinator's embedded PostgreSQL (pid %d) is gone", database).isEmpty();
            for (var entry : atKill.entrySet()) {
                String architecture = entry.getKey();
                JsonPath view = entry.getValue();
                if (!ended(view) && doneTasks(view) < view.getList("tasks").size()) {
                    midRunKills.merge(architecture, 1, Integer::sum);
                }
                doneAtLastKill.put(view.getString("id"), doneTasks(view));
                if (doneTasks(view) == view.getList("tasks").size() || ended(view)) {
                    // Then the run completes, and none of its tasks was DONE twice
                    awaitCompletedDoneOnceEach(architecture, runs.get(architecture));
                    if (midRunKills.get(architecture) < kills) {
                        runs.put(architecture, startRunForTwo(architecture));
                        started++;
                    } else {
                        runs.remove(architecture);
                    }
                }
            }
        }
        // Then every run still going completes, and no task of any run was DONE twice
        runs.forEach(this::awaitCompletedDoneOnceEach);
        System.out.printf("coordinator kill test: %d kills, mid-run kills per architecture %s, %d runs, %d s%n",
                killed, midRunKills, started,
                Duration.between(begin, Instant.now()).toSeconds());
    }

    private void awaitCompletedDoneOnceEach(String architecture, String runId) {
        JsonPath run = await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(250))
                .until(() -> runView(runId), CoordinatorKillIT::ended);
        assertThat(run.getString("status")).as("%s run %s: %s", architecture, runId, run.prettify())
                .isEqualTo("COMPLETED");
        assertDoneOnceEach(runId, run);
    }

    /** Every task of the run DONE on the board, and exactly one TaskDone per task on Kafka. */
    private static void assertDoneOnceEach(String runId, JsonPath run) {
        List<String> taskIds = run.getList("tasks.id", String.class);
        assertThat(run.getList("tasks.state", String.class)).as("run %s", runId).containsOnly("DONE");
        List<TaskEvent.TaskDone> done = TestEvents.await(Topics.TASK_EVENTS, runId,
                        seen -> taskDone(seen).size() >= taskIds.size(), Duration.ofSeconds(30))
                .stream().map(TestEvents.Received::event).filter(TaskEvent.TaskDone.class::isInstance)
                .map(TaskEvent.TaskDone.class::cast).toList();
        Map<String, Long> donePerTask = done.stream()
                .collect(Collectors.groupingBy(TaskEvent.TaskDone::taskId, Collectors.counting()));
        // No task is DONE twice: at most one TaskDone per task, and every one of them a task of the run.
        assertThat(taskIds).as("tasks of run %s with a TaskDone", runId).containsAll(donePerTask.keySet());
        assertThat(donePerTask).as("TaskDone events per task of run %s", runId)
                .allSatisfy((task, n) -> assertThat(n).as("TaskDone of %s in run %s", task, runId).isEqualTo(1));
        // A kill -9 between the board's commit of DONE and the publish of its TaskDone loses that event (the
        // task is DONE on the board, checked above): the board has no outbox yet (docs/api.md). Say so.
        List<String> unannounced = taskIds.stream().filter(t -> !donePerTask.containsKey(t)).toList();
        if (!unannounced.isEmpty()) {
            System.out.println("CoordinatorKillIT: run " + runId + ": DONE on the board without a TaskDone event "
                    + "(cut off by a kill): " + unannounced);
        }
    }

    private static List<TaskEvent.TaskDone> taskDone(List<TestEvents.Received> seen) {
        return seen.stream().map(TestEvents.Received::event).filter(TaskEvent.TaskDone.class::isInstance)
                .map(TaskEvent.TaskDone.class::cast).toList();
    }

    private static boolean ended(JsonPath run) {
        return !"RUNNING".equals(run.getString("status"));
    }

    private static long doneTasks(JsonPath run) {
        return run.getList("tasks.state", String.class).stream().filter("DONE"::equals).count();
    }

    /**
     * Agents of earlier test applications on the shared broker stay in the coordinator's view for a
     * heartbeat timeout; a run must recruit only this application's nine.
     */
    private void awaitOnlyThisServicesAgentsIdle() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonPath agents = given().baseUri(config.coordinatorUrl()).when().get("/api/agents")
                    .then().statusCode(200).extract().jsonPath();
            List<String> idle = agents.getList("agents.findAll { it.state == 'IDLE' }.id", String.class);
            return idle.size() == 9 && idle.stream().allMatch(id -> id.startsWith(PREFIX));
        });
    }

    private JsonPath runView(String runId) {
        return given().baseUri(config.coordinatorUrl())
                .when().get("/api/runs/{run}", runId)
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /** A run for two agents, its leases (20 s) longer than a restart takes. */
    private String startRunForTwo(String architecture) {
        return given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body("""
                        {"suite": "%s", "architecture": "%s", "agents": 2,
                         "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 500},
                         "limits": {"leaseDuration": "PT20S"}, "clock": "wall"}""".formatted(SUITE, architecture))
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().path("id");
    }
}
