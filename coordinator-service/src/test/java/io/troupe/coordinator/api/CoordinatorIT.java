package io.troupe.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.TaskTransition;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.coordinator.suites.SuiteStore;
import io.troupe.coordinator.support.Archives;
import io.troupe.coordinator.support.WorkspaceServiceResource;
import io.troupe.protocol.Topics;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.TestEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The coordinator against a real broker, a real PostgreSQL and the real workspace service; the
 * test acts as the agents, reading their inboxes and completing tasks over REST.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(WorkspaceServiceResource.class)
class CoordinatorIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROBLEM = "application/problem+json";

    @ConfigProperty(name = "troupe.workspace-url")
    String workspaceUrl;

    @Inject
    TaskBoard board;

    @Inject
    SuiteStore suiteStore;

    @Test
    void creatingARunAssignsTheTasksWithoutDependenciesToTheirPreassignedAgents() {
        // When a preassigned run of the tiny suite starts with two agents
        Response created = given().contentType(ContentType.JSON)
                .body(Map.of("suite", "tiny", "architecture", "preassigned", "agents", 2,
                        "model", Map.of("provider", "simulated", "name", "simulated-constant", "latencyMillis", 50),
                        "experimentId", "exp-1"))
                .post("/api/runs");

        // Then it is created RUNNING, with t1 and t4 claimed by the agents the plan gave them
        created.then().statusCode(201)
                .header("Location", endsWith("/api/runs/" + created.path("id")))
                .body("suite", equalTo("tiny"))
                .body("architecture", equalTo("preassigned"))
                .body("agents", equalTo(2))
                .body("experimentId", equalTo("exp-1"))
                .body("model.latencyMillis", equalTo(50))
                .body("status", equalTo("RUNNING"))
                .body("createdAt", notNullValue())
                .body("finishedAt", nullValue())
                .body("tasks.id", equalTo(List.of("t1", "t2", "t3", "t4", "t5")))
                .body("tasks.state", equalTo(List.of("CLAIMED", "PENDING", "PENDING", "CLAIMED", "PENDING")))
                .body("tasks.agent", equalTo(java.util.Arrays.asList("agent-1", null, null, "agent-2", null)))
                .body("tasks.find { it.id == 't5' }.dependencies", equalTo(List.of("t2", "t3")))
                .body("tasks.find { it.id == 't5' }.files", equalTo(List.of("report.py")));
        String run = created.path("id");

        // and each agent's inbox has its assignment, with the run's model and no dependency files
        List<Assignment> assignments = assignments(run, 2);
        assertThat(assignments).extracting(a -> a.task().id() + "@" + a.agentId())
                .containsExactlyInAnyOrder("t1@agent-1", "t4@agent-2");
        assertThat(assignments).allSatisfy(a -> {
            assertThat(a.suiteId()).isEqualTo("tiny");
            assertThat(a.dependencyFiles()).isEmpty();
            assertThat(a.model()).isEqualTo(new ModelSpec("simulated", "simulated-constant", 50));
        });
        assertThat(assignments).filteredOn(a -> a.task().id().equals("t1")).singleElement()
                .satisfies(a -> assertThat(a.task().files()).containsExactly("core.py"));

        // and the run and its first tasks are announced
        RunEvent.RunStarted started = (RunEvent.RunStarted) events(Topics.RUN_EVENTS, run,
                seen -> !seen.isEmpty()).getFirst();
        assertThat(started.suiteId()).isEqualTo("tiny");
        assertThat(started.experimentId()).isEqualTo("exp-1");
        assertThat(started.agents()).isEqualTo(2);
        assertThat(started.taskCount()).isEqualTo(5);
        assertThat(started.criticalPath()).isEqualTo(3);
        assertThat(started.parallelFraction()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(taskEvents(run, 4)).extracting(CoordinatorIT::describe).containsExactly(
                "ready t1", "claimed t1 by agent-1", "ready t4", "claimed t4 by agent-2");
    }

    @Test
    void creatingARunPutsTheSuitesTestsIntoItsWorkspace() {
        // When a run starts
        String run = startRun(1);

        // Then its workspace holds every test file of the suite, written by the coordinator
        given().baseUri(workspaceUrl).get("/api/runs/{run}/files", run).then().statusCode(200)
                .body("path", hasItems("tests/conftest.py", "tests/test_core.py", "tests/test_spread.py",
                        "tests/test_scale.py", "tests/test_text.py", "tests/test_report.py"))
                .body("author", org.hamcrest.Matchers.everyItem(equalTo("coordinator")));
        String test = given().baseUri(workspaceUrl).get("/api/runs/{run}/files/tests/test_core.py", run)
                .then().statusCode(200).extract().asString();
        assertThat(test).contains("from core import mean");
    }

    @Test
    void aTaskIsReleasedOnlyWhenAllItsDependenciesAreDone() {
        // Given a run of two agents where t1, t4 and t2 are done, but not t3
        String run = startRun(2);
        complete(run, "t1", "agent-1");
        complete(run, "t4", "agent-2");
        complete(run, "t2", "agent-1");
        given().get("/api/runs/{run}", run).then()
                .body("tasks.find { it.id == 't5' }.state", equalTo("PENDING"))
                .body("tasks.find { it.id == 't3' }.state", equalTo("CLAIMED"));

        // When t3 is completed by its agent
        complete(run, "t3", "agent-2");

        // Then t5 goes to agent-1 (which did t2, the head of its chain), with its dependencies' files
        Assignment t5 = assignments(run, 5).getLast();
        assertThat(t5.task().id()).isEqualTo("t5");
        assertThat(t5.agentId()).isEqualTo("agent-1");
        assertThat(t5.dependencyFiles()).containsExactly("spread.py", "scale.py");
        // and on the board's event stream t5 became ready only after both of its dependencies were done
        List<String> events = taskEvents(run, 14).stream().map(CoordinatorIT::describe).toList();
        assertThat(events.indexOf("ready t5")).isGreaterThan(events.indexOf("done t2 by agent-1"))
                .isGreaterThan(events.indexOf("done t3 by agent-2"));
        assertThat(events).containsSubsequence("done t1 by agent-1", "ready t2", "claimed t2 by agent-1",
                "ready t3", "claimed t3 by agent-2");
    }

    @Test
    void completingTheLastTaskCompletesTheRun() {
        // Given a run whose tasks but the last are done
        String run = startRun(2);
        complete(run, "t1", "agent-1");
        complete(run, "t4", "agent-2");
        complete(run, "t2", "agent-1");
        complete(run, "t3", "agent-2");

        // When the last task is completed
        given().header(TroupeHeaders.AGENT, "agent-1").post("/api/runs/{run}/tasks/t5/complete", run)
                .then().statusCode(200).body("id", equalTo("t5")).body("state", equalTo("DONE"))
                .body("agent", equalTo("agent-1"));

        // Then the run is COMPLETED with a finish time, and RunFinished is published
        given().get("/api/runs/{run}", run).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("finishedAt", notNullValue())
                .body("tasks.state", equalTo(List.of("DONE", "DONE", "DONE", "DONE", "DONE")));
        List<TroupeEvent> runEvents = events(Topics.RUN_EVENTS, run, seen -> seen.size() >= 2);
        assertThat(runEvents).hasSize(2);
        assertThat(runEvents.getLast()).isInstanceOfSatisfying(RunEvent.RunFinished.class,
                finished -> assertThat(finished.status()).isEqualTo("COMPLETED"));
    }

    @Test
    void completingADoneTaskAgainByItsOwnerChangesNothing() {
        // Given a task its owner completed
        String run = startRun(2);
        int version = complete(run, "t4", "agent-2").extract().path("version");

        // When the same completion arrives again (a redelivered request)
        ValidatableResponse again = given().header(TroupeHeaders.AGENT, "agent-2")
                .post("/api/runs/{run}/tasks/t4/complete", run).then();

        // Then it answers like the first time and the task is done only once
        again.statusCode(200).body("state", equalTo("DONE")).body("version", equalTo(version));
        complete(run, "t1", "agent-1"); // a later event, so that the topic is read past the repeat
        assertThat(taskEvents(run, 7)).extracting(CoordinatorIT::describe)
                .filteredOn(e -> e.startsWith("done t4")).hasSize(1);
    }

    @Test
    void concurrentCompletionsOfOneTaskCompleteItAndReleaseItsDependentsOnce() throws Exception {
        // Given t1 claimed by agent-1
        String run = startRun(2);

        // When agent-1's completion of t1 arrives eight times at once
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> given().header(TroupeHeaders.AGENT, "agent-1")
                        .post("/api/runs/{run}/tasks/t1/complete", run).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                // Then every request is answered 200 (one completed it, the others saw it done)
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        // and t1 was done once, and t2 and t3 released and assigned once each
        given().get("/api/runs/{run}", run).then().body("tasks.find { it.id == 't1' }.version", equalTo(3));
        complete(run, "t4", "agent-2"); // a later event, so that the topic is read past any duplicate
        List<String> events = taskEvents(run, 10).stream().map(CoordinatorIT::describe).toList();
        assertThat(events).containsExactly("ready t1", "claimed t1 by agent-1", "ready t4", "claimed t4 by agent-2",
                "done t1 by agent-1", "ready t2", "claimed t2 by agent-1", "ready t3", "claimed t3 by agent-2",
                "done t4 by agent-2");
    }

    @Test
    void aTransitionDecidedOnAStaleVersionLosesTheRace() {
        // Given a transition decided on t1 as it is now, and applied
        String run = startRun(1);
        BoardTask t1 = board.find(run, "t1").orElseThrow();
        TaskTransition done = ((BoardTask.Completion.Apply) t1.completionBy("agent-1")).transition();
        assertThat(board.apply(done, Instant.now())).isTrue();

        // When the same decision is applied a second time
        boolean again = board.apply(done, Instant.now());

        // Then the compare-and-set refuses it and the task is unchanged
        assertThat(again).isFalse();
        assertThat(board.find(run, "t1").orElseThrow()).extracting(BoardTask::state, BoardTask::version)
                .containsExactly(TaskState.DONE, 3L);
    }

    @Test
    void completingATaskClaimedByAnotherAgentIsRefused() {
        // Given t1 claimed by agent-1
        String run = startRun(2);

        // When agent-2 tries to complete it
        ValidatableResponse refused = given().header(TroupeHeaders.AGENT, "agent-2")
                .post("/api/runs/{run}/tasks/t1/complete", run).then();

        // Then the problem names the owner and the state, and the task stays claimed
        problem(refused, 409, "task-not-owned")
                .body("detail", containsString("claimed by agent-1, not by agent-2"))
                .body("owner", equalTo("agent-1")).body("state", equalTo("CLAIMED"));
        given().get("/api/runs/{run}", run).then().body("tasks[0].state", equalTo("CLAIMED"));
    }

    @Test
    void completingAPendingTaskIsRefused() {
        String run = startRun(2);

        ValidatableResponse refused = given().header(TroupeHeaders.AGENT, "agent-1")
                .post("/api/runs/{run}/tasks/t5/complete", run).then();

        problem(refused, 409, "task-not-owned").body("detail", containsString("t5 is PENDING"))
                .body("state", equalTo("PENDING"));
    }

    @Test
    void completingATaskAnotherAgentCompletedIsRefused() {
        String run = startRun(2);
        complete(run, "t1", "agent-1");

        ValidatableResponse refused = given().header(TroupeHeaders.AGENT, "agent-2")
                .post("/api/runs/{run}/tasks/t1/complete", run).then();

        problem(refused, 409, "task-not-owned").body("detail", containsString("already completed by agent-1"))
                .body("state", equalTo("DONE"));
    }

    @Test
    void completionByACallerThatIsNoAgentIsRefused() {
        String run = startRun(1);

        // the test helper gives a request without Troupe-Agent the operator's token
        ValidatableResponse refused = given().post("/api/runs/{run}/tasks/t1/complete", run).then();

        problem(refused, 403, "forbidden");
    }

    @Test
    void completionInAnUnknownRunIsNotFound() {
        ValidatableResponse refused = given().header(TroupeHeaders.AGENT, "agent-1")
                .post("/api/runs/run-nope/tasks/t1/complete").then();

        problem(refused, 404, "run-not-found").body("detail", containsString("no run 'run-nope'"));
    }

    @Test
    void completionOfAnUnknownTaskIsNotFound() {
        String run = startRun(1);

        ValidatableResponse refused = given().header(TroupeHeaders.AGENT, "agent-1")
                .post("/api/runs/{run}/tasks/t9/complete", run).then();

        problem(refused, 404, "task-not-found").body("detail", containsString("t1, t2, t3, t4, t5"));
    }

    @Test
    void aRunOfAnUnknownSuiteIsNotFoundAndTheKnownSuitesAreListed() {
        ValidatableResponse refused = post(Map.of("suite", "huge", "architecture", "preassigned", "agents", 2));

        problem(refused, 404, "suite-not-found").body("detail", containsString("known suites: tiny"))
                .body("knownSuites", hasItems("tiny", "geosvg-p02"));
    }

    @Test
    void aRunWithAnArchitectureNotSupportedYetIsRefused() {
        ValidatableResponse refused = post(Map.of("suite", "tiny", "architecture", "dynamic", "agents", 2));

        problem(refused, 400, "unsupported-architecture")
                .body("detail", containsString("'dynamic' is not supported yet; supported now: preassigned, "
                        + "decentralized, lead, queue"))
                .body("supported", equalTo(List.of("preassigned", "decentralized", "lead", "queue")));
    }

    @Test
    void aRunWithAnUnknownArchitectureIsRefused() {
        ValidatableResponse refused = post(Map.of("suite", "tiny", "architecture", "anarchy", "agents", 2));

        problem(refused, 400, "unsupported-architecture").body("detail", containsString("unknown architecture"));
    }

    @Test
    void aRunWithoutAgentsIsRefused() {
        problem(post(Map.of("suite", "tiny", "architecture", "preassigned", "agents", 0)), 400, "invalid-team-size")
                .body("detail", containsString("between 1 and 16, not 0"));
        problem(post(Map.of("suite", "tiny", "architecture", "preassigned", "agents", 17)), 400, "invalid-team-size")
                .body("detail", containsString("not 17"));
        problem(post(Map.of("suite", "tiny", "architecture", "preassigned")), 400, "invalid-team-size")
                .body("detail", containsString("is missing"));
    }

    @Test
    void aRunWithoutABodyIsRefused() {
        ValidatableResponse refused = given().contentType(ContentType.JSON).post("/api/runs").then();

        problem(refused, 400, "bad-request").body("detail", containsString("no body"));
    }

    @Test
    void aRunWithMalformedJsonIsRefused() {
        ValidatableResponse refused = given().contentType(ContentType.JSON).body("{\"suite\": \"tiny\",")
                .post("/api/runs").then();

        problem(refused, 400, "malformed-json").body("detail", containsString("not valid JSON"));
    }

    @Test
    void runsAreListedNewestFirst() {
        // Given two runs started one after the other
        String first = startRun(1);
        String second = startRun(1);

        // When the runs are listed
        List<String> ids = given().get("/api/runs").then().statusCode(200).extract().path("id");

        // Then the second comes before the first
        assertThat(ids).containsSubsequence(second, first);
    }

    @Test
    void anUnknownRunIsNotFound() {
        problem(given().get("/api/runs/run-nope").then(), 404, "run-not-found");
    }

    @Test
    void suitesAreListedWithTheirShape() {
        given().get("/api/suites").then().statusCode(200)
                .body("id", hasItems("tiny", "numlib-p09", "numlib-p05", "numlib-p02", "textkit-p09", "textkit-p05",
                        "textkit-p02", "geosvg-p09", "geosvg-p05", "geosvg-p02"))
                .body("[0].id", equalTo("tiny"))
                .body("[0].tasks", equalTo(5))
                .body("[0].criticalPath", equalTo(3))
                .body("[0].parallelFraction", equalTo(0.4f))
                .body("find { it.id == 'textkit-p05' }.tasks", equalTo(20))
                .body("find { it.id == 'textkit-p05' }.criticalPath", equalTo(10))
                .body("find { it.id == 'textkit-p05' }.parallelFraction", equalTo(0.5f));
    }

    @Test
    void aSuiteShowsItsManifestAndCriticalPath() {
        given().get("/api/suites/tiny").then().statusCode(200)
                .body("testCommand", equalTo("python3 -m pytest -q"))
                .body("language", equalTo("python"))
                .body("tasks.id", equalTo(List.of("t1", "t2", "t3", "t4", "t5")))
                .body("criticalPath", equalTo(List.of("t1", "t2", "t5")));
    }

    @Test
    void aTasksReferenceSolutionIsServed() {
        // to an agent of a simulated run of the suite, which names the run
        String run = startRun(1);
        given().header(TroupeHeaders.AGENT, "agent-1").get("/api/suites/tiny/tasks/t5/solution?run=" + run)
                .then().statusCode(200)
                .body("files.'report.py'", containsString("def summary(values)"));
    }

    @Test
    void unknownSuitesAndTasksAreNotFound() {
        problem(given().get("/api/suites/huge").then(), 404, "suite-not-found");
        problem(given().header(TroupeHeaders.AGENT, "agent-1").get("/api/suites/huge/tasks/t1/solution").then(), 404,
                "suite-not-found");
        problem(given().header(TroupeHeaders.AGENT, "agent-1").get("/api/suites/tiny/tasks/t9/solution").then(), 404,
                "task-not-found")
                .body("knownTasks", equalTo(List.of("t1", "t2", "t3", "t4", "t5")));
    }

    @Test
    void anUploadedZipSuiteIsStoredListedAndRunnable() {
        // When a valid suite is uploaded as a zip
        Response created = given().contentType("application/zip").body(Archives.zip(Archives.twoTasks("up-zip")))
                .post("/api/suites");

        // Then it is created, with its shape
        created.then().statusCode(201).header("Location", endsWith("/api/suites/up-zip"))
                .body("id", equalTo("up-zip"))
                .body("criticalPath", equalTo(List.of("a", "b")))
                .body("parallelFraction", equalTo(0.0f))
                .body("makespanLowerBounds.1", equalTo(2));
        // and listed after the built-in suites, as uploaded
        given().get("/api/suites").then().statusCode(200)
                .body("find { it.id == 'up-zip' }.source", equalTo("uploaded"))
                .body("find { it.id == 'up-zip' }.tasks", equalTo(2))
                .body("find { it.id == 'up-zip' }.criticalPath", equalTo(2))
                .body("find { it.id == 'tiny' }.source", equalTo("built-in"))
                .body("find { it.id == 'tiny' }.makespanLowerBounds.2", equalTo(3));
        // and a coordinator starting on the same database finds it again
        assertThat(new SuiteCatalog(suiteStore).find("up-zip")).hasValueSatisfying(
                s -> assertThat(s.dag().criticalPath()).containsExactly("a", "b"));
        // and a run can use it, whose agent gets the reference solution
        String run = post(Map.of("suite", "up-zip", "architecture", "preassigned", "agents", 1)).statusCode(201)
                .body("tasks.id", equalTo(List.of("a", "b"))).extract().path("id");
        given().header(TroupeHeaders.AGENT, "agent-1").get("/api/suites/up-zip/tasks/b/solution?run=" + run)
                .then().statusCode(200).body("files.'b.py'", containsString("one() + 1"));
    }

    @Test
    void aTarGzSuiteInADirectoryIsAcceptedWhateverItsContentType() {
        Map<String, String> wrapped = new java.util.LinkedHashMap<>();
        Archives.twoTasks("up-tgz").forEach((path, content) -> wrapped.put("up-tgz/" + path, content));

        given().contentType("application/octet-stream").body(Archives.tarGz(wrapped)).post("/api/suites")
                .then().statusCode(201).header("Location", endsWith("/api/suites/up-tgz"));
    }

    @Test
    void anInvalidSuiteIsRefusedWithEveryProblemNamed() {
        // Given a suite with a cycle, an unknown dependency, a duplicate id, a shared file and missing files
        Map<String, String> files = Map.of("suite.yaml", """
                id: broken
                testCommand: pytest
                tasks:
                  - {id: a, files: [a.py], dependencies: [c], tests: [tests/test_a.py]}
                  - {id: b, files: [b.py], dependencies: [a]}
                  - {id: c, files: [c.py], dependencies: [b, ghost]}
                  - {id: c, files: [a.py]}
                """, "solutions/a/a.py", "", "solutions/b/b.py", "");

        // When it is uploaded
        ValidatableResponse refused = given().contentType("application/zip").body(Archives.zip(files))
                .post("/api/suites").then();

        // Then each problem is named
        problem(refused, 400, "invalid-suite")
                .body("detail", containsString("problems: "))
                .body("problems", equalTo(List.of("duplicate task id c", "file a.py is owned by both a and c",
                        "task c depends on unknown task ghost", "dependency cycle: a -> c -> b -> a",
                        "task a: test file tests/test_a.py is missing",
                        "task c: reference solution solutions/c/c.py is missing",
                        "task c: reference solution solutions/c/a.py is missing")));
        problem(given().get("/api/suites/broken").then(), 404, "suite-not-found");
    }

    @Test
    void archiveProblemsAreRefused() {
        // An entry that leaves the suite's directory
        Map<String, String> traversal = Archives.twoTasks("evil");
        traversal.put("../../outside.py", "x");
        problem(given().contentType("application/zip").body(Archives.zip(traversal)).post("/api/suites").then(),
                400, "invalid-suite")
                .body("problems[0]", containsString("archive entry '../../outside.py' leaves the suite's directory"));
        // Not an archive
        problem(given().contentType("text/plain").body("hello").post("/api/suites").then(), 400, "invalid-suite")
                .body("detail", containsString("not a zip or tar.gz archive"));
        // Too large as sent (the test limit is 200000 bytes)
        byte[] big = new byte[200_001];
        new java.util.Random(1).nextBytes(big);
        big[0] = 'P';
        big[1] = 'K';
        big[2] = 3;
        big[3] = 4;
        problem(given().contentType("application/zip").body(big).post("/api/suites").then(), 400, "invalid-suite")
                .body("problems", equalTo(List.of("the archive is larger than 200000 bytes (the limit, "
                        + "troupe.suite-max-bytes)")));
        // Too large once unpacked
        problem(given().contentType("application/zip").body(Archives.zip(Map.of("suite.yaml", "#".repeat(300_000))))
                .post("/api/suites").then(), 400, "invalid-suite")
                .body("detail", containsString("once unpacked"));
        // An empty suite
        problem(given().contentType("application/zip").body(Archives.zip(Map.of("suite.yaml",
                "id: nothing\ntestCommand: pytest\ntasks: []\n"))).post("/api/suites").then(), 400, "invalid-suite")
                .body("problems", equalTo(List.of("the suite has no tasks")));
    }

    @Test
    void aSuiteMayNotTakeAnIdInUse() {
        problem(given().contentType("application/zip").body(Archives.zip(Archives.twoTasks("tiny")))
                .post("/api/suites").then(), 409, "suite-exists")
                .body("detail", containsString("'tiny' is taken by a built-in suite"));
        given().contentType("application/zip").body(Archives.zip(Archives.twoTasks("twice"))).post("/api/suites")
                .then().statusCode(201);
        problem(given().contentType("application/gzip").body(Archives.tarGz(Archives.twoTasks("twice")))
                .post("/api/suites").then(), 409, "suite-exists")
                .body("detail", containsString("a suite uploaded earlier"));
    }

    @Test
    void aTaskListOfThePapersFormatIsImportedWithTheUsersTests() {
        // Given a task list with numeric ids, the user's tests (one shared conftest) and solutions
        Map<String, Object> taskList = Map.of("project", "Calc Lib", "description", "A calculator.",
                "tasks", List.of(
                        Map.of("id", 1, "title", "Add", "description", "add(a, b)", "dependencies", List.of(),
                                "files", List.of("add.py")),
                        Map.of("id", 2, "title", "Twice", "description", "twice(a) with add",
                                "dependencies", List.of(1), "files", List.of("twice.py"))));
        Map<String, Object> body = Map.of("taskList", taskList,
                "tests", Map.of("tests/conftest.py", "", "tests/test_add.py", "from add import add\n\n"
                                + "def test_add():\n    assert add(1, 2) == 3\n",
                        "tests/test_twice.py", "from twice import twice\n\ndef test_twice():\n"
                                + "    assert twice(2) == 4\n"),
                "solutions", Map.of("1", Map.of("add.py", "def add(a, b):\n    return a + b\n"),
                        "2", Map.of("twice.py", "from add import add\n\ndef twice(a):\n    return add(a, a)\n")));

        // When it is imported
        given().contentType(ContentType.JSON).body(body).post("/api/suites/import").then().statusCode(201)
                .header("Location", endsWith("/api/suites/calc-lib"))
                // Then it is a suite named after the project, each task checked by its module's tests
                .body("id", equalTo("calc-lib"))
                .body("title", equalTo("Calc Lib"))
                .body("testCommand", equalTo("python3 -m pytest -q"))
                .body("tasks.id", equalTo(List.of("1", "2")))
                .body("tasks[0].tests", equalTo(List.of("tests/conftest.py", "tests/test_add.py")))
                .body("tasks[1].tests", equalTo(List.of("tests/test_twice.py")))
                .body("criticalPath", equalTo(List.of("1", "2")));
        given().get("/api/suites").then().body("find { it.id == 'calc-lib' }.source", equalTo("imported"));
    }

    @Test
    void aDirectoryOfThePapersTaskListsIsImportedAsOneSuitePerListForRealModelsOnly() {
        // Given the paper's layout, built in the test: three task lists, a test file each, a shared
        // conftest.py, no reference solutions; in the p02 list two tasks write calc/core.py
        byte[] zip = Archives.zip(io.troupe.coordinator.suites.PaperTaskListsTest.paperDirectory("paper-it"));

        // When the directory is uploaded as a zip
        given().contentType("application/zip").body(zip).post("/api/suites/task-lists").then().statusCode(201)
                .header("Location", endsWith("/api/suites"))
                // Then each list is a suite of its own, named after the directory and the list
                .body("suites.id", equalTo(List.of("paper-it-p02", "paper-it-p05", "paper-it-p09")))
                .body("suites[0].sharedFiles", equalTo(true))
                .body("suites[0].hasSolutions", equalTo(false))
                .body("suites[2].sharedFiles", equalTo(false));
        // with the paper's project data and the suite's own tests, run as a whole
        given().get("/api/suites/paper-it-p09").then().statusCode(200)
                .body("title", equalTo("Calculator p09"))
                .body("repository", equalTo("calc-p09"))
                .body("successCriteria", equalTo(List.of("test_p09.py passes", "no global state")))
                .body("tests", equalTo(List.of("conftest.py", "test_p09.py")))
                .body("tasks.id", equalTo(List.of("1", "2", "3")))
                .body("tasks[0].tests", equalTo(List.of()))
                .body("missingSolutions", hasItems("solutions/1/calc/core.py"));
        given().get("/api/suites").then().body("find { it.id == 'paper-it-p05' }.source", equalTo("imported"));
        // and the same directory again is refused as a whole, its ids taken
        problem(given().contentType("application/zip").body(zip).post("/api/suites/task-lists").then(), 409,
                "suite-exists").body("detail", containsString("'paper-it-p02'"));
        // and as a suite upload it is named for what it is
        problem(given().contentType("application/zip").body(zip).post("/api/suites").then(), 400, "invalid-suite")
                .body("detail", containsString("POST /api/suites/task-lists"));

        // When a simulated run of a list is asked for
        ValidatableResponse simulated = post(Map.of("suite", "paper-it-p02", "architecture", "decentralized",
                "agents", 2));

        // Then it is refused, naming the missing solutions
        problem(simulated, 409, "suite-without-solutions")
                .body("detail", containsString("suite 'paper-it-p02' has no reference solutions"))
                .body("missingSolutions", hasItems("solutions/1/calc/core.py", "solutions/2/calc/core.py"));
        // while a run of a real model is accepted, its workspace holding the suite's tests
        String run = post(Map.of("suite", "paper-it-p02", "architecture", "preassigned", "agents", 1,
                "model", "openai-compatible/stub")).statusCode(201).body("tasks.id", equalTo(List.of("1", "2", "3")))
                .extract().path("id");
        given().post("/api/runs/{run}/cancel", run).then().statusCode(200);
    }

    @Test
    void anInvalidTaskListIsRefusedWithItsProblems() {
        Map<String, Object> taskList = Map.of("project", "Broken list", "tasks", List.of(
                Map.of("id", "x", "dependencies", List.of("y"), "files", List.of("x.py"))));

        problem(given().contentType(ContentType.JSON).body(Map.of("taskList", taskList,
                "tests", Map.of("tests/test_x.py", ""))).post("/api/suites/import").then(), 400, "invalid-suite")
                // (without any solution the list is one for real models: no solution is missing)
                .body("problems", equalTo(List.of("task x depends on unknown task y")));
        problem(given().contentType(ContentType.JSON).body(Map.of("tests", Map.of()))
                .post("/api/suites/import").then(), 400, "invalid-suite")
                .body("detail", containsString("'taskList' is missing"));
    }

    static ValidatableResponse post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/runs").then();
    }

    private static String startRun(int agents) {
        return post(Map.of("suite", "tiny", "architecture", "preassigned", "agents", agents))
                .statusCode(201).extract().path("id");
    }

    private static ValidatableResponse complete(String run, String task, String agent) {
        return given().header(TroupeHeaders.AGENT, agent).post("/api/runs/{run}/tasks/{task}/complete", run, task)
                .then().statusCode(200).body("state", equalTo("DONE"));
    }

    static ValidatableResponse problem(ValidatableResponse response, int status, String slug) {
        return response.statusCode(status).contentType(PROBLEM)
                .body("type", equalTo("https://troupe.dev/problems/" + slug))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("instance", org.hamcrest.Matchers.startsWith("/api/"));
    }

    static List<TroupeEvent> events(String topic, String run, Predicate<List<TestEvents.Received>> done) {
        List<TestEvents.Received> seen = TestEvents.await(topic, run, done, WAIT);
        assertThat(done).as("events of %s on %s, seen: %s", run, topic, seen).accepts(seen);
        return seen.stream().map(TestEvents.Received::event).toList();
    }

    private static List<Assignment> assignments(String run, int count) {
        return events(Topics.AGENT_INBOX, run, seen -> seen.size() >= count).stream()
                .map(Assignment.class::cast).toList();
    }

    private static List<TaskEvent> taskEvents(String run, int count) {
        return events(Topics.TASK_EVENTS, run, seen -> seen.size() >= count).stream()
                .map(TaskEvent.class::cast).toList();
    }

    static String describe(TaskEvent event) {
        return switch (event) {
            case TaskEvent.TaskReady r -> "ready " + r.taskId();
            case TaskEvent.TaskClaimed c -> "claimed " + c.taskId() + " by " + c.agentId();
            case TaskEvent.TaskDone d -> "done " + d.taskId() + " by " + d.agentId();
            case TaskEvent.TaskClaimBlocked b -> "blocked " + b.taskId() + " for " + b.agentId();
            case TaskEvent.TaskClaimConflict c -> "conflict " + c.taskId() + " for " + c.agentId();
            case TaskEvent.TaskLeaseStale l -> "stale " + l.taskId() + " epoch " + l.presentedEpoch() + " of "
                    + l.agentId();
            case TaskEvent.TaskLeaseExpired e -> "expired " + e.taskId() + " of " + e.agentId() + " epoch "
                    + e.epoch();
            case TaskEvent.TaskFailed f -> "failed " + f.taskId();
        };
    }
}
