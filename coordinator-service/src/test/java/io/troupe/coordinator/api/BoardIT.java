package io.troupe.coordinator.api;

import static io.restassured.RestAssured.given;
import static io.troupe.coordinator.api.CoordinatorIT.describe;
import static io.troupe.coordinator.api.CoordinatorIT.events;
import static io.troupe.coordinator.api.CoordinatorIT.post;
import static io.troupe.coordinator.api.CoordinatorIT.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.events.EventPublisher;
import io.troupe.coordinator.events.GatedOutboxDelivery;
import io.troupe.coordinator.runs.RunRecovery;
import io.troupe.coordinator.support.WorkspaceServiceResource;
import io.troupe.protocol.Topics;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.Events;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.PostgresResource;
import io.troupe.support.outbox.Outbox;
import io.troupe.testkit.TestEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The task board with leases, the architectures' hand-out, the RunSpec, cancel, time limits,
 * experiments and recovery; the test acts as the agents over REST. Shares its Quarkus boot with
 * {@link CoordinatorIT} (same test resources).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(WorkspaceServiceResource.class)
class BoardIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String EPOCH = TroupeHeaders.LEASE_EPOCH;

    @Inject
    TaskBoard board;

    @Inject
    RunRecovery recovery;

    @Inject
    GatedOutboxDelivery delivery;

    @Inject
    @DataSource("pg")
    AgroalDataSource dataSource;

    @Test
    void manyAgentsClaimingOneReadyTaskAtOnceExactlyOneWins() throws Exception {
        // Given a decentralized run, whose board shows t1 and t4 READY and nobody assigned
        // (a team of eight: an agent claims only in a run whose team names it)
        String run = start("decentralized", 8, Map.of());
        given().get("/api/runs/{run}/board", run).then().statusCode(200)
                .body("architecture", equalTo("decentralized"))
                .body("ready", equalTo(List.of("t1", "t4")))
                .body("tasks.find { it.id == 't5' }.dependencies", equalTo(List.of("t2", "t3")))
                .body("tasks.find { it.id == 't1' }.agent", equalTo(null));

        // When eight agents claim t1 at the same moment
        int agents = 8;
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ValidatableResponse>> answers = new ArrayList<>();
        try {
            for (int i = 1; i <= agents; i++) {
                String agent = "agent-" + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return claim(run, "t1", agent);
                }));
            }
            go.countDown();
            List<ValidatableResponse> responses = new ArrayList<>();
            for (Future<ValidatableResponse> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }

            // Then exactly one gets the lease, epoch 1, and every other a claim conflict naming the winner
            List<ValidatableResponse> won = responses.stream()
                    .filter(r -> r.extract().statusCode() == 200).toList();
            assertThat(won).hasSize(1);
            String winner = won.getFirst().extract().path("agent");
            won.getFirst().body("epoch", equalTo(1)).body("expiresAt", notNullValue()).body("taskId", equalTo("t1"));
            responses.stream().filter(r -> r.extract().statusCode() != 200).forEach(r ->
                    problem(r, 409, "claim-conflict").body("owner", equalTo(winner))
                            .body("detail", containsString("claimed by " + winner)));
        } finally {
            pool.shutdownNow();
        }
        // and the conflicts are recorded, on the run and as events
        given().get("/api/runs/{run}", run).then().body("incidents.claimConflicts", equalTo(agents - 1))
                .body("tasks.find { it.id == 't1' }.state", equalTo("CLAIMED"));
        List<String> events = taskEvents(run, e -> e.stream().filter(s -> s.startsWith("conflict")).count()
                >= agents - 1);
        assertThat(events).filteredOn(e -> e.startsWith("claimed t1")).hasSize(1);
        assertThat(events).filteredOn(e -> e.startsWith("conflict t1")).hasSize(agents - 1);
    }

    @Test
    void aClaimOfATaskThatIsNotReadyIsBlockedAndRecorded() {
        // Given a decentralized run
        String run = start("decentralized", 2, Map.of());

        // When an agent claims t5, whose dependencies are not done
        ValidatableResponse refused = claim(run, "t5", "agent-1");

        // Then it is refused as blocked, naming what t5 waits for, and recorded
        problem(refused, 409, "claim-blocked").body("state", equalTo("PENDING"))
                .body("detail", containsString("dependencies t2, t3 are not DONE yet"));
        given().get("/api/runs/{run}", run).then().body("incidents.blockedClaims", equalTo(1));
        assertThat(taskEvents(run, e -> e.contains("blocked t5 for agent-1"))).contains("blocked t5 for agent-1");
        // and a claim by a caller that is no agent (the test helper's operator token) is forbidden, and one of an
        // unknown task says what is missing
        problem(given().post("/api/runs/{run}/tasks/t1/claim", run).then(), 403, "forbidden");
        problem(claim(run, "t9", "agent-1"), 404, "task-not-found");
    }

    @Test
    void anAgentThatStopsAnsweringLosesItsLeaseAndAnotherAgentFinishesTheTask() {
        // Given agent "agent-1" holds t1 in a decentralized run with 4 s leases, and renewed it once
        String run = start("decentralized", 2, Map.of("leaseDuration", 4));
        claim(run, "t1", "agent-1").statusCode(200).body("epoch", equalTo(1));
        given().header(TroupeHeaders.AGENT, "agent-1").header(EPOCH, 1)
                .post("/api/runs/{run}/tasks/t1/renew", run).then().statusCode(200).body("epoch", equalTo(1));

        // When it stops answering, its lease runs out
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/runs/{run}", run).then()
                .body("tasks.find { it.id == 't1' }.state", equalTo("READY"))
                .body("tasks.find { it.id == 't1' }.attempts", equalTo(1)));

        // Then another agent claims it under the next epoch
        claim(run, "t1", "agent-2").statusCode(200).body("epoch", equalTo(2));
        // and the agent-1 agent, waking up, can neither complete nor renew under its old epoch
        problem(given().header(TroupeHeaders.AGENT, "agent-1").header(EPOCH, 1)
                .post("/api/runs/{run}/tasks/t1/complete", run).then(), 409, "stale-lease")
                .body("presentedEpoch", equalTo(1)).body("currentEpoch", equalTo(2))
                .body("detail", containsString("held by agent-2"));
        problem(given().header(TroupeHeaders.AGENT, "agent-1").contentType("application/json").body("{\"epoch\": 1}")
                .post("/api/runs/{run}/tasks/t1/renew", run).then(), 409, "stale-lease");
        // and completing without naming the lease is refused as well
        problem(given().header(TroupeHeaders.AGENT, "agent-2").post("/api/runs/{run}/tasks/t1/complete", run)
                .then(), 400, "missing-lease-epoch").body("detail", containsString("Troupe-Lease-Epoch"));
        // while the new owner completes it, which releases t2 and t3
        given().header(TroupeHeaders.AGENT, "agent-2").contentType("application/json").body("{\"epoch\": 2}")
                .post("/api/runs/{run}/tasks/t1/complete", run).then().statusCode(200)
                .body("state", equalTo("DONE")).body("agent", equalTo("agent-2"));
        given().get("/api/runs/{run}", run).then()
                .body("tasks.find { it.id == 't2' }.state", equalTo("READY"))
                .body("incidents.leaseExpiries", equalTo(1)).body("incidents.staleLeases", equalTo(2));
        assertThat(taskEvents(run, e -> e.contains("done t1 by agent-2"))).containsSubsequence(
                "claimed t1 by agent-1", "expired t1 of agent-1 epoch 1", "claimed t1 by agent-2",
                "stale t1 epoch 1 of agent-1", "stale t1 epoch 1 of agent-1", "done t1 by agent-2", "ready t2");
    }

    @Test
    void aSimulatedRunsLeaseRunsOutOnItsOwnClockWhileItsAgentsWaitOnTheirModels() {
        // Given a simulated decentralized run on the run clock with 30 s leases: agent-1 holds t1 and
        // crashes, agent-2 holds t4
        String run = start("decentralized", 2, Map.of("leaseDuration", 30));
        given().get("/api/runs/{run}", run).then().body("clock", equalTo("run"));
        claim(run, "t1", "agent-1").statusCode(200);
        claim(run, "t4", "agent-2").statusCode(200);
        clockState(run, "agent-1", "{\"state\": \"LEFT\"}");
        clockState(run, "agent-2", "{\"state\": \"WORKING\", \"task\": \"t4\"}");
        long wallStart = System.nanoTime();

        // When agent-2 takes two model turns of 20 s each
        Instant first = Instant.parse(turn(run, "agent-2", "t4", 20_000));
        Instant second = Instant.parse(turn(run, "agent-2", "t4", 20_000));

        // Then the second turn took its 20 s of the run's time plus the real time agent-2 worked in
        // between (a request's round trip), and in real time far less than one lease
        assertThat(Duration.between(first, second)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(22));
        // and the crashed agent's lease ran out on the run's clock, not the wall's
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/runs/{run}", run).then()
                .body("tasks.find { it.id == 't1' }.state", equalTo("READY"))
                .body("tasks.find { it.id == 't4' }.state", equalTo("CLAIMED")));
        assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(25));
        List<TroupeEvent> events = events(Topics.TASK_EVENTS, run, seen -> seen.stream()
                .anyMatch(r -> r.event() instanceof TaskEvent.TaskLeaseExpired));
        Instant claimed = events.stream().filter(e -> e instanceof TaskEvent.TaskClaimed c && c.taskId().equals("t1"))
                .map(e -> ((TaskEvent.TaskClaimed) e).at()).findFirst().orElseThrow();
        Instant expired = events.stream().filter(TaskEvent.TaskLeaseExpired.class::isInstance)
                .map(e -> ((TaskEvent.TaskLeaseExpired) e).at()).findFirst().orElseThrow();
        assertThat(Duration.between(claimed, expired)).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        // and agent-2, which waited on its model meanwhile, kept t4
        assertThat(events).noneMatch(e -> e instanceof TaskEvent.TaskLeaseExpired x && x.taskId().equals("t4"));
        given().get("/api/runs/{run}/clock", run).then().statusCode(200)
                .body("members.agent-1", equalTo("LEFT")).body("members.agent-2", equalTo("WORKING"));
        // and someone not on the team is refused a timer
        problem(given().header(TroupeHeaders.AGENT, "intruder").contentType("application/json")
                .body("{\"task\": \"t1\", \"millis\": 10}").post("/api/runs/{run}/clock/timers", run).then(),
                403, "agent-not-on-team");
    }

    /** Agent {@code agent}'s model turn of {@code millis} on the run's clock; the run's time when it fired. */
    private static String turn(String run, String agent, String task, long millis) {
        return given().header(TroupeHeaders.AGENT, agent).contentType("application/json")
                .body("{\"task\": \"" + task + "\", \"millis\": " + millis + "}")
                .post("/api/runs/{run}/clock/timers", run).then().statusCode(200)
                .body("fired", equalTo(true)).extract().path("at");
    }

    private static void clockState(String run, String agent, String report) {
        given().header(TroupeHeaders.AGENT, agent).contentType("application/json").body(report)
                .post("/api/runs/{run}/clock/state", run).then().statusCode(200).body("now", notNullValue());
    }

    @Test
    void aTaskWhoseLeaseRunsOutTooOftenFailsAndSoDoesItsRun() {
        // Given a decentralized run with 1 s leases (and troupe.board.max-attempts = 3)
        String run = start("decentralized", 1, Map.of("leaseDuration", 1));

        // When three claims of t1 in a row are never renewed
        for (int attempt = 1; attempt <= 3; attempt++) {
            int lost = attempt;
            claim(run, "t1", "agent-1").statusCode(200).body("epoch", equalTo(attempt));
            await().atMost(WAIT).untilAsserted(() -> given().get("/api/runs/{run}", run).then()
                    .body("tasks.find { it.id == 't1' }.attempts", equalTo(lost)));
        }

        // Then t1 is FAILED and the run FAILED, saying why
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/runs/{run}", run).then()
                .body("tasks.find { it.id == 't1' }.state", equalTo("FAILED"))
                .body("status", equalTo("FAILED")).body("reason", containsString("task t1 failed"))
                .body("finishedAt", notNullValue()));
        assertThat(taskEvents(run, e -> e.contains("failed t1"))).contains("failed t1");
        assertThat(runStatuses(run, 2)).containsExactly("FAILED");
        // and nothing of it can be claimed any more
        problem(claim(run, "t4", "agent-1"), 409, "run-finished").body("runStatus", equalTo("FAILED"));
    }

    @Test
    void aPreassignedTaskWhoseLeaseRunsOutIsAssignedToItsAgentAgain() {
        // Given a preassigned run of one agent with 3 s leases: t1 and t4 are assigned to agent-1
        String run = start("preassigned", 1, Map.of("leaseDuration", 3));

        // When agent-1 does not renew them
        List<Assignment> assignments = events(Topics.AGENT_INBOX, run, seen -> seen.size() >= 3).stream()
                .map(Assignment.class::cast).toList();

        // Then t1 is assigned to agent-1 again, and agent-1 completes it without knowing the epoch
        assertThat(assignments).extracting(a -> a.task().id() + "@" + a.agentId())
                .startsWith("t1@agent-1", "t4@agent-1", "t1@agent-1");
        given().header(TroupeHeaders.AGENT, "agent-1").post("/api/runs/{run}/tasks/t1/complete", run).then()
                .statusCode(200).body("state", equalTo("DONE"));
        assertThat(taskEvents(run, e -> e.contains("done t1 by agent-1")))
                .containsSubsequence("claimed t1 by agent-1", "expired t1 of agent-1 epoch 1",
                        "claimed t1 by agent-1", "done t1 by agent-1");
    }

    @Test
    void aQueueRunOffersEveryReadyTaskOnTheQueueAndAgainAfterALostLease() {
        // Given a queue run with 3 s leases
        String run = start("queue", 2, Map.of("leaseDuration", 3));
        assertThat(offered(run, 2)).containsExactly("t1", "t4");

        // When an agent takes t1 and completes it, and another takes t4 and vanishes
        long epoch = ((Number) claim(run, "t1", "agent-1").statusCode(200).extract().path("epoch")).longValue();
        given().header(TroupeHeaders.AGENT, "agent-1").header(EPOCH, epoch)
                .post("/api/runs/{run}/tasks/t1/complete", run).then().statusCode(200);
        claim(run, "t4", "agent-2").statusCode(200);

        // Then t2 and t3 are offered once t1 is done, and t4 again once its lease ran out
        List<String> offers = offered(run, 5);
        assertThat(offers).containsExactlyInAnyOrder("t1", "t4", "t2", "t3", "t4");
        assertThat(offers.subList(0, 2)).containsExactly("t1", "t4");
        // and nobody was assigned anything: the tasks wait on the board, unowned
        given().get("/api/runs/{run}", run).then()
                .body("tasks.find { it.id == 't2' }.state", equalTo("READY"))
                .body("tasks.find { it.id == 't2' }.assignee", equalTo(null));
    }

    @Test
    void aQueueTaskNoAgentTookIsOfferedAgainAfterRequeueAfterButATakenOneIsNot() {
        // Given a queue run whose first tasks t1 and t4 were offered, and an agent took t1
        String run = start("queue", 2, Map.of());
        assertThat(offered(run, 2)).containsExactly("t1", "t4");
        claim(run, "t1", "agent-1").statusCode(200);

        // When no agent takes t4 within troupe.board.requeue-after (10 s here), as when its offer was lost
        // to a broker outage
        List<String> offers = offered(run, 3);

        // Then t4 is offered again, and t1, which an agent holds, is not
        assertThat(offers).containsExactly("t1", "t4", "t4");
        given().get("/api/runs/{run}", run).then()
                .body("tasks.find { it.id == 't4' }.state", equalTo("READY"))
                .body("tasks.find { it.id == 't1' }.state", equalTo("CLAIMED"));
    }

    @Test
    void theLeadAssignsReadyTasksToItsTeamAndAnAssignmentOfAPendingTaskIsABlockedClaim() {
        // Given a lead run of two agents (no agent announced itself: agent-1 and agent-2 work, agent-3 leads)
        String run = start("lead", 2, Map.of());
        given().get("/api/runs/{run}", run).then()
                .body("team", equalTo(List.of("agent-1", "agent-2"))).body("lead", equalTo("agent-3"))
                .body("tasks.findAll { it.state == 'READY' }.id", equalTo(List.of("t1", "t4")));

        // When the lead gives t1 to agent-2
        assign(run, "t1", "agent-3", "agent-2").statusCode(200).body("agent", equalTo("agent-2"));

        // Then t1 is agent-2's, its assignment is in agent-2's inbox, and agent-2 completes it
        given().get("/api/runs/{run}", run).then().body("tasks.find { it.id == 't1' }.state", equalTo("CLAIMED"))
                .body("tasks.find { it.id == 't1' }.agent", equalTo("agent-2"));
        InboxMessage.Assignment assignment = (InboxMessage.Assignment) events(Topics.AGENT_INBOX, run,
                seen -> !seen.isEmpty()).getFirst();
        assertThat(assignment.agentId()).isEqualTo("agent-2");
        assertThat(assignment.task().id()).isEqualTo("t1");
        // and the lead assigning t1 again (its first answer lost) changes nothing but sends the assignment
        // again, as the same CloudEvent (an agent that got the first ignores it)
        assign(run, "t1", "agent-3", "agent-2").statusCode(200).body("agent", equalTo("agent-2"))
                .body("epoch", equalTo(1));
        List<TestEvents.Received> copies = TestEvents.await(Topics.AGENT_INBOX, run, seen -> seen.size() >= 2, WAIT);
        String id = EventPublisher.assignmentId(assignment, 1);
        assertThat(copies).extracting(TestEvents.Received::id).containsExactly(id, id);
        given().header(TroupeHeaders.AGENT, "agent-2").post("/api/runs/{run}/tasks/t1/complete", run).then()
                .statusCode(200).body("state", equalTo("DONE"));

        // When the lead gives t5, still PENDING, to agent-1 / Then it is refused as a recorded blocked claim
        problem(assign(run, "t5", "agent-3", "agent-1"), 409, "claim-blocked");
        given().get("/api/runs/{run}", run).then().body("incidents.blockedClaims", equalTo(1));
        // and only the lead assigns, and only to the team
        problem(assign(run, "t4", "agent-1", "agent-1"), 403, "not-the-lead");
        problem(assign(run, "t4", "agent-3", "agent-9"), 400, "not-on-team");
        // and in other architectures nobody assigns
        problem(assign(start("decentralized", 2, Map.of()), "t1", "agent-1", "agent-2"), 409, "not-a-lead-run");
    }

    private static ValidatableResponse assign(String run, String task, String lead, String agent) {
        return given().header(TroupeHeaders.AGENT, lead).contentType("application/json")
                .body(Map.of("agent", agent)).post("/api/runs/{run}/tasks/{task}/assign", run, task).then();
    }

    @Test
    void aRunKeepsTheWholeRunSpecAndAnnouncesItsVariant() {
        // When a run is started with every RunSpec field
        Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("suite", "tiny");
        spec.put("agents", 2);
        spec.put("architecture", "preassigned:cp-first");
        spec.put("model", "simulated");
        spec.put("profile", "claude-sonnet-4-6");
        spec.put("workspaceMode", "last-writer-wins");
        spec.put("seed", 7);
        spec.put("timeScale", 0.01);
        spec.put("overrides", List.of(Map.of("agent", 0, "slowdown", 5.0)));
        spec.put("limits", Map.of("runTimeout", "PT20M", "maxTurns", 40, "maxTokens", 200000));
        String run = post(spec).statusCode(201)
                // Then the run view shows it
                .body("architecture", equalTo("preassigned")).body("variant", equalTo("cp-first"))
                .body("model.provider", equalTo("simulated")).body("profile", equalTo("claude-sonnet-4-6"))
                .body("workspaceMode", equalTo("last-writer-wins")).body("seed", equalTo(7))
                .body("timeScale", equalTo(0.01f)).body("overrides[0].slowdown", equalTo(5.0f))
                .body("limits.runTimeout", equalTo("PT20M")).body("limits.maxTurns", equalTo(40))
                .body("limits.maxTokens", equalTo(200000))
                .body("board.CLAIMED", equalTo(2)).body("board.PENDING", equalTo(3))
                .body("tasks.find { it.id == 't3' }.assignee", equalTo("agent-2"))
                .extract().path("id");
        // and RunStarted names the variant, for the metrics to tell the plans apart
        RunEvent.RunStarted started = (RunEvent.RunStarted) events(Topics.RUN_EVENTS, run, s -> !s.isEmpty())
                .getFirst();
        assertThat(started.architecture()).isEqualTo("preassigned:cp-first");
        // and each assignment carries its agent's settings: the run's, with agent-1's override (index 0)
        List<Assignment> assignments = events(Topics.AGENT_INBOX, run, seen -> seen.size() >= 2).stream()
                .map(Assignment.class::cast).toList();
        assertThat(assignments).allSatisfy(a -> {
            assertThat(a.settings().seed()).isEqualTo(7L);
            assertThat(a.settings().timeScale()).isEqualTo(0.01);
            assertThat(a.settings().maxTurns()).isEqualTo(40);
            assertThat(a.settings().agents()).isEqualTo(2);
            assertThat(a.settings().slowdown()).isEqualTo(a.agentId().equals("agent-1") ? 5.0 : null);
        });
    }

    @Test
    void aRunSpecWithAWrongFieldIsRefusedNamingIt() {
        problem(post(Map.of("suite", "tiny", "agents", 2, "architecture", "queue:cp-first")), 400,
                "unsupported-architecture").body("detail", containsString("'queue' has no variant 'cp-first'"));
        problem(post(Map.of("suite", "tiny", "agents", 2, "workspaceMode", "chaos")), 400, "bad-request")
                .body("detail", containsString("optimistic, last-writer-wins"));
        problem(post(Map.of("suite", "tiny", "agents", 2, "overrides", List.of(Map.of("agent", 2)))), 400,
                "bad-request").body("detail", containsString("0 to 1"));
        problem(post(Map.of("suite", "tiny", "agents", 2, "overrides", List.of(Map.of("agent", 0, "slowness", 5)))),
                400, "bad-request").body("detail", containsString("unknown override key 'slowness'"));
        problem(post(Map.of("suite", "tiny", "agents", 2, "limits", Map.of("runTimeout", "soon"))), 400,
                "invalid-field").body("detail", containsString("'limits.runTimeout' must be a duration"));
        problem(post(Map.of("suite", "tiny", "agents", 2, "model", "gpt")), 400, "bad-request")
                .body("detail", containsString("provider/name"));
    }

    @Test
    void aCancelledRunEndsWithItsReasonAndTakesNoMoreWork() {
        // Given a running run
        String run = start("decentralized", 1, Map.of());

        // When it is cancelled
        given().contentType("application/json").body(Map.of("reason", "wrong suite"))
                .post("/api/runs/{run}/cancel", run).then().statusCode(200)
                // Then it is CANCELLED with the reason, and RunFinished says so
                .body("status", equalTo("CANCELLED")).body("reason", equalTo("cancelled: wrong suite"));
        assertThat(runStatuses(run, 2)).containsExactly("CANCELLED");
        // and it can be neither cancelled again nor worked on
        problem(given().post("/api/runs/{run}/cancel", run).then(), 409, "run-finished")
                .body("detail", containsString("is CANCELLED (cancelled: wrong suite)"));
        problem(claim(run, "t1", "agent-1"), 409, "run-finished");
        problem(given().post("/api/runs/run-nope/cancel").then(), 404, "run-not-found");
    }

    @Test
    void aRunThatOutlivesItsTimeLimitTimesOut() {
        String run = post(Map.of("suite", "tiny", "agents", 1, "architecture", "decentralized",
                "limits", Map.of("runTimeout", 1))).statusCode(201).extract().path("id");

        await().atMost(WAIT).untilAsserted(() -> given().get("/api/runs/{run}", run).then()
                .body("status", equalTo("TIMED_OUT")).body("reason", containsString("time limit of PT1S")));
        assertThat(runStatuses(run, 2)).containsExactly("TIMED_OUT");
    }

    @Test
    void anExperimentExecutesItsRunsOneAtATime() {
        // When an experiment of two runs is posted (troupe.experiments.max-concurrent-runs = 1)
        var created = given().contentType("application/json").body(Map.of("suites", List.of("tiny"),
                        "teamSizes", List.of(1), "architectures", List.of("preassigned", "decentralized"),
                        "repetitions", 1, "seed", 7, "profile", "claude-sonnet-4-6"))
                .post("/api/experiments").then().statusCode(201);

        // Then the first run started and the second waits
        String experiment = created.extract().path("id");
        created.body("status", equalTo("RUNNING")).body("progress.planned", equalTo(2))
                .body("progress.started", equalTo(1)).body("runs[0].status", equalTo("RUNNING"))
                .body("runs[1].runId", equalTo(null)).body("runs[1].architecture", equalTo("decentralized"));
        String first = created.extract().path("runs[0].runId");
        given().get("/api/runs/{run}", first).then().body("experimentId", equalTo(experiment))
                .body("seed", equalTo(7)).body("profile", equalTo("claude-sonnet-4-6"));

        // and once the first run ends the second starts, and once that ends the experiment is complete
        given().post("/api/runs/{run}/cancel", first).then().statusCode(200);
        String second = await().atMost(WAIT).until(() -> given().get("/api/experiments/{e}", experiment).then()
                .extract().<String>path("runs[1].runId"), id -> id != null);
        given().post("/api/runs/{run}/cancel", second).then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/experiments/{e}", experiment).then()
                .body("status", equalTo("COMPLETED")).body("progress.CANCELLED", equalTo(2))
                .body("finishedAt", notNullValue()));
        given().get("/api/experiments").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(experiment));
    }

    @Test
    void aWrongExperimentIsRefused() {
        problem(given().contentType("application/json").body(Map.of("suites", List.of("tiny"),
                "teamSizes", List.of(), "architectures", List.of("queue"))).post("/api/experiments").then(), 400,
                "bad-request").body("detail", containsString("'teamSizes' must be a non-empty list"));
        problem(given().contentType("application/json").body(Map.of("suites", List.of("huge"),
                "teamSizes", List.of(2), "architectures", List.of("queue"))).post("/api/experiments").then(), 404,
                "suite-not-found");
        problem(given().contentType("application/json").body(Map.of("suites", List.of("tiny"),
                "teamSizes", List.of(2), "architectures", List.of("dynamic"))).post("/api/experiments").then(), 400,
                "unsupported-architecture");
        problem(given().get("/api/experiments/exp-nope").then(), 404, "experiment-not-found");
    }

    @Test
    void aCompletionIsAnsweredWhileTheBrokerIsAwayAndItsTaskDoneWaitsInTheOutboxUntilItIsBack() throws Exception {
        // Given agent-1 holds t1 of a decentralized run, and the broker acknowledges nothing
        String run = start("decentralized", 2, Map.of());
        claim(run, "t1", "agent-1").statusCode(200).body("epoch", equalTo(1));
        delivery.hold();
        List<Map<String, String>> waiting;
        try {
            // When agent-1 completes t1
            given().header(TroupeHeaders.AGENT, "agent-1").header(EPOCH, 1)
                    .post("/api/runs/{run}/tasks/t1/complete", run).then().statusCode(200)
                    .body("state", equalTo("DONE"));

            // Then the answer came (no broker needed), the board has t1 DONE and t2 released, and the
            // events announcing both wait in the outbox, committed with them
            given().get("/api/runs/{run}", run).then()
                    .body("tasks.find { it.id == 't1' }.state", equalTo("DONE"))
                    .body("tasks.find { it.id == 't2' }.state", equalTo("READY"));
            waiting = outbox(run);
            assertThat(waiting).extracting(row -> row.get("type")).containsSubsequence(
                    Events.typeOf(TaskEvent.TaskDone.class), Events.typeOf(TaskEvent.TaskReady.class));
        } finally {
            delivery.release();
        }

        // and once the broker is back they are delivered, the TaskDone with the id it was stored with,
        // and leave the outbox
        String doneId = waiting.stream().filter(row -> row.get("type").equals(Events.typeOf(TaskEvent.TaskDone.class)))
                .findFirst().orElseThrow().get("id");
        List<TestEvents.Received> delivered = TestEvents.await(Topics.TASK_EVENTS, run,
                seen -> seen.stream().anyMatch(r -> r.event() instanceof TaskEvent.TaskDone), WAIT);
        assertThat(delivered).filteredOn(r -> r.event() instanceof TaskEvent.TaskDone)
                .extracting(TestEvents.Received::id).containsOnly(doneId);
        await().atMost(WAIT).until(() -> outbox(run).isEmpty());
    }

    /** The rows of {@code run} in the coordinator's outbox, in append order: their type and id. */
    private List<Map<String, String>> outbox(String run) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT event_type, event_id FROM " + Outbox.TABLE + " WHERE run_id = ? ORDER BY seq")) {
            ps.setString(1, run);
            List<Map<String, String>> rows = new ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Map.of("type", rs.getString("event_type"), "id", rs.getString("event_id")));
                }
            }
            return rows;
        }
    }

    @Test
    void recoveryAfterACrashBetweenTwoStepsFinishesThemOnceAndNoTaskIsDoneTwice() throws Exception {
        // Given a preassigned run whose coordinator stopped right after t1 became DONE on the board,
        // before releasing t2 and t3 or announcing anything
        String run = start("preassigned", 2, Map.of());
        BoardTask t1 = board.find(run, "t1").orElseThrow();
        assertThat(board.apply(((BoardTask.Completion.Apply) t1.completionBy("agent-1")).transition(),
                Instant.now())).isTrue();

        // When the recovery runs, twice at once (a restart racing a second instance)
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = List.of(pool.submit(recovery::resumeAll), pool.submit(recovery::resumeAll));
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Then t2 and t3 are released and assigned exactly once
        given().get("/api/runs/{run}", run).then()
                .body("tasks.find { it.id == 't2' }.state", equalTo("CLAIMED"))
                .body("tasks.find { it.id == 't2' }.version", equalTo(2))
                .body("tasks.find { it.id == 't3' }.version", equalTo(2));
        // and once the agents finish the run, with a completion redelivered and another recovery, every
        // task is DONE once and the run completes once
        for (String[] step : new String[][] {{"t4", "agent-2"}, {"t2", "agent-1"}, {"t3", "agent-2"},
                {"t5", "agent-1"}, {"t5", "agent-1"}}) {
            given().header(TroupeHeaders.AGENT, step[1]).post("/api/runs/{run}/tasks/{task}/complete", run, step[0])
                    .then().statusCode(200);
        }
        recovery.resumeAll();
        given().get("/api/runs/{run}", run).then().body("status", equalTo("COMPLETED"))
                .body("board.DONE", equalTo(5));
        List<String> events = taskEvents(run, e -> e.contains("done t5 by agent-1"));
        Map<String, Long> done = events.stream().filter(e -> e.startsWith("done "))
                .collect(Collectors.groupingBy(e -> e.split(" ")[1], Collectors.counting()));
        assertThat(done).containsOnly(Map.entry("t2", 1L), Map.entry("t3", 1L), Map.entry("t4", 1L),
                Map.entry("t5", 1L));
        assertThat(events).filteredOn(e -> e.equals("ready t2") || e.equals("ready t3")).hasSize(2);
        assertThat(runStatuses(run, 2)).containsExactly("COMPLETED");
    }

    @Test
    void aClaimWhoseAssignmentWasNeverSentIsAssignedOnRecoveryAndEveryTaskIsDoneOnce() throws Exception {
        // Given a preassigned run whose coordinator stopped after t1 was DONE, t2 released and claimed for
        // its agent on the board, and before t2's assignment reached the inbox (nor t3 was released)
        String run = start("preassigned", 2, Map.of());
        BoardTask t1 = board.find(run, "t1").orElseThrow();
        assertThat(board.apply(((BoardTask.Completion.Apply) t1.completionBy(t1.agent())).transition(),
                Instant.now())).isTrue();
        BoardTask t2 = board.find(run, "t2").orElseThrow();
        Instant now = Instant.now();
        assertThat(board.apply(t2.ready(), now)).isTrue();
        BoardTask ready = t2.with(t2.ready(), now);
        String agent = ready.assignee();
        var claim = (BoardTask.Claim.Apply) ready.claimBy(agent, now.plus(Duration.ofMinutes(10)));
        assertThat(board.apply(claim.transition(), now)).isTrue();
        List<TestEvents.Received> before = TestEvents.await(Topics.AGENT_INBOX, run, seen -> seen.size() >= 2, WAIT);
        assertThat(before).extracting(r -> ((Assignment) r.event()).task().id()).containsExactly("t1", "t4");

        // When the coordinator starts again and recovers
        recovery.resumeAll();

        // Then t2's assignment is in its agent's inbox, as the assignment of t2's claim (epoch 1); t4's,
        // still claimed, is sent again with its first copy's CloudEvents id, which its agent ignores; and t3
        // is released and assigned
        List<TestEvents.Received> inbox = TestEvents.await(Topics.AGENT_INBOX, run, seen -> seen.size() >= 5, WAIT);
        assertThat(inbox).extracting(r -> ((Assignment) r.event()).task().id() + "@" + ((Assignment) r.event())
                .agentId()).containsExactlyInAnyOrder("t1@" + t1.agent(), "t4@" + board.find(run, "t4").orElseThrow()
                .assignee(), "t4@" + board.find(run, "t4").orElseThrow().assignee(), "t2@" + agent,
                "t3@" + board.find(run, "t3").orElseThrow().assignee());
        Assignment t2Assignment = inbox.stream().map(r -> (Assignment) r.event())
                .filter(a -> a.task().id().equals("t2")).findFirst().orElseThrow();
        assertThat(inbox).filteredOn(r -> ((Assignment) r.event()).task().id().equals("t2"))
                .extracting(TestEvents.Received::id)
                .containsExactly(EventPublisher.assignmentId(t2Assignment, 1));
        List<String> t4Ids = inbox.stream().filter(r -> ((Assignment) r.event()).task().id().equals("t4"))
                .map(TestEvents.Received::id).toList();
        assertThat(t4Ids).hasSize(2).containsOnly(t4Ids.getFirst());

        // and once the agents do what their inboxes say (each assignment id once), the run completes with
        // every task DONE once
        List<String> ids = new ArrayList<>();
        for (TestEvents.Received r : inbox) {
            Assignment a = (Assignment) r.event();
            if (!a.task().id().equals("t1") && !ids.contains(r.id())) {
                ids.add(r.id());
                given().header(TroupeHeaders.AGENT, a.agentId())
                        .post("/api/runs/{run}/tasks/{task}/complete", run, a.task().id()).then().statusCode(200);
            }
        }
        Assignment t5 = (Assignment) TestEvents.await(Topics.AGENT_INBOX, run, seen -> seen.size() >= 6, WAIT)
                .get(5).event();
        assertThat(t5.task().id()).isEqualTo("t5");
        given().header(TroupeHeaders.AGENT, t5.agentId()).post("/api/runs/{run}/tasks/t5/complete", run).then()
                .statusCode(200);
        given().get("/api/runs/{run}", run).then().body("status", equalTo("COMPLETED")).body("board.DONE", equalTo(5));
        List<String> events = taskEvents(run, e -> e.stream().anyMatch(s -> s.startsWith("done t5")));
        Map<String, Long> done = events.stream().filter(e -> e.startsWith("done "))
                .collect(Collectors.groupingBy(e -> e.split(" ")[1], Collectors.counting()));
        assertThat(done).containsOnly(Map.entry("t2", 1L), Map.entry("t3", 1L), Map.entry("t4", 1L),
                Map.entry("t5", 1L));
        assertThat(runStatuses(run, 2)).containsExactly("COMPLETED");
    }

    private static String start(String architecture, int agents, Map<String, Object> limits) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("suite", "tiny", "architecture", architecture,
                "agents", agents));
        if (!limits.isEmpty()) {
            body.put("limits", limits);
        }
        return post(body).statusCode(201).extract().path("id");
    }

    private static ValidatableResponse claim(String run, String task, String agent) {
        return given().header(TroupeHeaders.AGENT, agent).post("/api/runs/{run}/tasks/{task}/claim", run, task)
                .then();
    }

    /** The run's task events described, read until {@code done} holds for them. */
    private static List<String> taskEvents(String run, java.util.function.Predicate<List<String>> done) {
        Function<List<io.troupe.testkit.TestEvents.Received>, List<String>> describe = seen -> seen.stream()
                .map(r -> describe((TaskEvent) r.event())).toList();
        return events(Topics.TASK_EVENTS, run, seen -> done.test(describe.apply(seen))).stream()
                .map(e -> describe((TaskEvent) e)).toList();
    }

    /** The statuses of the run's RunFinished events, read once {@code count} run events arrived. */
    private static List<String> runStatuses(String run, int count) {
        List<TroupeEvent> events = events(Topics.RUN_EVENTS, run, seen -> seen.size() >= count);
        return events.stream().filter(RunEvent.RunFinished.class::isInstance)
                .map(e -> ((RunEvent.RunFinished) e).status()).toList();
    }

    /** The task ids offered on troupe.tasks-ready for the run, once {@code count} arrived. */
    private static List<String> offered(String run, int count) {
        return Collections.unmodifiableList(events(Topics.TASKS_READY, run, seen -> seen.size() >= count).stream()
                .map(e -> ((TaskEvent.TaskReady) e).taskId()).toList());
    }
}
