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
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.testkit.KafkaResource;
import io.troupe.testkit.TestEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Teams that organize themselves, with the real coordinator and workspace: under {@code queue} the
 * agents take READY tasks from the share group, under {@code decentralized} they claim them from
 * the board. This service hosts agent-1 … agent-3; the runs recruit two (idle ones, from their
 * heartbeats), so the third must stay out.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PeersResource.class)
@WithTestResource(StubLlmResource.class)
class SelfOrganizedTeamIT {
    @Inject
    AgentConfig config;

    @Test
    void queueTeamCompletesTheTinySuiteRenewingItsLeases() {
        // Given a queue run of the tiny suite for 2 agents whose leases (2 s) are shorter than a task
        // (two turns of 1.2 s each): only renewals keep them
        String runId = createRun("""
                {"suite": "tiny", "architecture": "queue", "agents": 2,
                 "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 1200},
                 "limits": {"leaseDuration": "PT2S"}}""");

        // When the agents take its tasks from troupe.tasks-ready / Then the run completes
        List<TestEvents.Received> taskEvents = assertCompletedByTheTeam(runId, Duration.ofSeconds(150));

        // and no lease ran out or went stale
        assertThat(taskEvents).extracting(TestEvents.Received::event)
                .noneMatch(e -> e instanceof TaskEvent.TaskLeaseExpired || e instanceof TaskEvent.TaskLeaseStale);
        // and no task was claimed twice: the share group handed each READY task to one agent
        assertThat(events(taskEvents, TaskEvent.TaskClaimed.class))
                .extracting(TaskEvent.TaskClaimed::taskId).doesNotHaveDuplicates();
        // and both agents took tasks (two are READY at the start): the queue is shared, not owned by one
        assertThat(events(taskEvents, TaskEvent.TaskClaimed.class)).extracting(TaskEvent.TaskClaimed::agentId)
                .containsAll(team(runId));
    }

    @Test
    void queueRunsSideBySideEachHaveAShareGroupOfTheirOwn() throws Exception {
        // Given two queue runs at once, of 2 agents and of 1: this service's three workers are both teams
        String model = """
                "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 400}""";
        String pair = createRun("{\"suite\": \"tiny\", \"architecture\": \"queue\", \"agents\": 2, " + model + "}");
        String single = createRun("{\"suite\": \"tiny\", \"architecture\": \"queue\", \"agents\": 1, " + model + "}");
        assertThat(team(pair)).doesNotContainAnyElementsOf(team(single));
        String prefix = config.agent().queue().group();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            // When their agents take tasks / Then each run's team consumes in that run's share group, and only it
            for (String run : List.of(pair, single)) {
                Set<String> members = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> shareGroupMembers(admin, prefix + "-" + run), m -> !m.isEmpty());
                assertThat(members).allSatisfy(client -> assertThat(team(run))
                        .anySatisfy(agent -> assertThat(client).isEqualTo("troupe-" + agent + "-queue")));
            }
            // and both runs complete, every task done once by its own team
            assertCompletedByTheTeam(pair, 2, Duration.ofSeconds(120));
            assertCompletedByTheTeam(single, 1, Duration.ofSeconds(120));
            // and the finished runs' share groups are deleted by their last members
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> admin.listGroups()
                    .all().get(10, TimeUnit.SECONDS).stream().map(GroupListing::groupId)
                    .noneMatch(g -> g.equals(prefix + "-" + pair) || g.equals(prefix + "-" + single)));
        }
    }

    /** The client ids of the members of share group {@code group} (none if it does not exist yet). */
    private static Set<String> shareGroupMembers(Admin admin, String group) throws Exception {
        try {
            var description = admin.describeShareGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
            return description == null ? Set.of() : description.members().stream()
                    .map(ShareMemberDescription::clientId).collect(Collectors.toSet());
        } catch (ExecutionException e) {
            return Set.of(); // not created yet
        }
    }

    @Test
    void decentralizedTeamCompletesTheTinySuiteFromTheBoard() {
        // Given a decentralized run of the tiny suite for 2 agents, the first of which always tries to claim a
        // task that is not READY yet first
        String runId = createRun("""
                {"suite": "tiny", "architecture": "decentralized", "agents": 2,
                 "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 50},
                 "overrides": [{"agent": 0, "prematureClaimProbability": 1.0}]}""");

        // When the agents claim its tasks from the board / Then the run completes
        List<TestEvents.Received> taskEvents = assertCompletedByTheTeam(runId, Duration.ofSeconds(90));

        // and every task released during the run was claimed within 500 ms (of the run's clock, which follows
        // real time while a task is READY and untaken) of the moment it was READY and its claimer was free (its
        // TaskReady, or the claimer's previous TaskDone): an idle agent is told of a READY task at once, not left
        // to its next look at the board (every second)
        assertThat(promptHandOffs(taskEvents, Duration.ofMillis(500))).isTrue();
        // and its premature claims were refused as blocked (t2, t3, t5 are PENDING at first)
        assertThat(events(taskEvents, TaskEvent.TaskClaimBlocked.class)).extracting(TaskEvent.TaskClaimBlocked::agentId)
                .contains(team(runId).getFirst());
        // and each agent told the team about every task it completed
        List<TestEvents.Received> agentEvents = TestEvents.await(Topics.AGENT_EVENTS, runId,
                seen -> events(seen, AgentEvent.MessageSent.class).size() >= 5, Duration.ofSeconds(30));
        assertThat(events(agentEvents, AgentEvent.MessageSent.class)).hasSize(5)
                .allSatisfy(m -> assertThat(m.to()).isEqualTo("all"));
        // and reported turns started, and being busy and idle
        assertThat(events(agentEvents, AgentEvent.TurnStarted.class)).hasSizeGreaterThanOrEqualTo(10);
        assertThat(events(agentEvents, AgentEvent.AgentBusy.class)).hasSizeGreaterThanOrEqualTo(5);
        assertThat(events(agentEvents, AgentEvent.AgentIdle.class)).isNotEmpty();

        // and every conflict or blocked claim was a team member's
        assertThat(events(taskEvents, TaskEvent.TaskClaimConflict.class))
                .allSatisfy(c -> assertThat(c.agentId()).isIn(team(runId)));
        assertThat(events(taskEvents, TaskEvent.TaskClaimBlocked.class))
                .allSatisfy(c -> assertThat(c.agentId()).isIn(team(runId)));
    }

    @Test
    void theBrokersHeartbeatTopicKeepsAnHourOfHeartbeats() throws Exception {
        // A restarted coordinator reads the heartbeats back from the start before it recruits: they must not pile up
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            var topic = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.AGENT_HEARTBEATS);
            var config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(config.get("segment.ms").value()).isEqualTo("3600000");
        }
    }

    @Test
    void leadAssignsTheTinySuiteToItsTeamWithTheSimulatedModel() {
        // Given a lead run of the tiny suite for 2 agents: this service's three workers are the team and the lead
        String runId = createRun("""
                {"suite": "tiny", "architecture": "lead", "agents": 2,
                 "model": {"provider": "simulated", "name": "simulated-constant", "latencyMillis": 50}}""");
        String lead = runView(runId).getString("lead");
        assertThat(lead).startsWith("agent-").isNotIn(team(runId));

        // When the lead assigns READY tasks to idle members / Then the team completes the run
        List<TestEvents.Received> taskEvents = assertCompletedByTheTeam(runId, Duration.ofSeconds(90));

        // and every task was claimed once, for a member, by the lead's assign_task calls
        assertThat(events(taskEvents, TaskEvent.TaskClaimed.class)).extracting(TaskEvent.TaskClaimed::taskId)
                .doesNotHaveDuplicates().hasSize(5);
        List<TestEvents.Received> agentEvents = TestEvents.await(Topics.AGENT_EVENTS, runId,
                seen -> SimulatedTeamIT.toolCalls(seen).stream().filter(c -> c.agentId().equals(lead)
                        && c.outcome().equals("ok")).count() >= 5, Duration.ofSeconds(30));
        assertThat(SimulatedTeamIT.toolCalls(agentEvents)).filteredOn(c -> c.agentId().equals(lead))
                .allSatisfy(c -> assertThat(c.tool()).isEqualTo("assign_task"))
                .filteredOn(c -> c.outcome().equals("ok")).hasSize(5);
        assertThat(SimulatedTeamIT.turns(agentEvents)).filteredOn(t -> t.agentId().equals(lead)).isNotEmpty()
                .allSatisfy(t -> assertThat(t.inputTokens()).isPositive());
    }

    /** The run COMPLETED, each task DONE exactly once by one of its team of two, and the suite's tests pass. */
    private List<TestEvents.Received> assertCompletedByTheTeam(String runId, Duration timeout) {
        return assertCompletedByTheTeam(runId, 2, timeout);
    }

    private List<TestEvents.Received> assertCompletedByTheTeam(String runId, int teamSize, Duration timeout) {
        List<String> team = team(runId);
        assertThat(team).hasSize(teamSize).doesNotHaveDuplicates().allSatisfy(a -> assertThat(a).startsWith("agent-"));
        JsonPath run = await().atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> runView(runId), view -> !"RUNNING".equals(view.getString("status")));
        assertThat(run.getString("status")).as("run %s: %s", runId, run.prettify()).isEqualTo("COMPLETED");
        List<String> taskIds = run.getList("tasks.id", String.class);
        assertThat(taskIds).hasSize(5);
        assertThat(run.getList("tasks.state", String.class)).containsOnly("DONE");
        assertThat(run.getList("tasks.agent", String.class)).allSatisfy(agent -> assertThat(agent).isIn(team));

        List<TestEvents.Received> taskEvents = TestEvents.await(Topics.TASK_EVENTS, runId,
                seen -> events(seen, TaskEvent.TaskDone.class).size() >= taskIds.size(), Duration.ofSeconds(30));
        Map<String, Long> donePerTask = events(taskEvents, TaskEvent.TaskDone.class).stream()
                .collect(Collectors.groupingBy(TaskEvent.TaskDone::taskId, Collectors.counting()));
        assertThat(donePerTask).containsOnlyKeys(taskIds).allSatisfy((task, n) -> assertThat(n).isEqualTo(1));
        assertThat(events(taskEvents, TaskEvent.TaskClaimed.class))
                .allSatisfy(c -> assertThat(c.agentId()).isIn(team));

        List<TestEvents.Received> agentEvents = TestEvents.await(Topics.AGENT_EVENTS, runId,
                seen -> SimulatedTeamIT.turns(seen).size() >= 2 * taskIds.size(), Duration.ofSeconds(30));
        String lead = run.getString("lead");
        assertThat(SimulatedTeamIT.turns(agentEvents)).extracting(TurnCompleted::agentId)
                .filteredOn(agent -> !agent.equals(lead))
                .allSatisfy(agent -> assertThat(agent).isIn(team));

        JsonPath tests = given().baseUri(config.workspaceUrl()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/runs/{run}/test-runs", runId)
                .then().statusCode(200)
                .extract().jsonPath();
        assertThat(tests.getInt("passed")).as(tests.getString("output")).isPositive();
        assertThat(tests.getInt("failed") + tests.getInt("errors")).as(tests.getString("output")).isZero();
        return taskEvents;
    }

    private String createRun(String request) {
        return given().baseUri(config.coordinatorUrl()).contentType(ContentType.JSON).body(request)
                .when().post("/api/runs")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** The agents the run recruited. */
    private List<String> team(String runId) {
        return runView(runId).getList("team", String.class);
    }

    private JsonPath runView(String runId) {
        return given().baseUri(config.coordinatorUrl())
                .when().get("/api/runs/{run}", runId)
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /**
     * Whether each task that a completion made READY was claimed within {@code limit} of the later of
     * its TaskReady and its claimer's previous TaskDone; the times are the run's, in the events' order.
     */
    static boolean promptHandOffs(List<TestEvents.Received> taskEvents, Duration limit) {
        Map<String, java.time.Instant> readyAt = new java.util.HashMap<>();
        Map<String, java.time.Instant> freeAt = new java.util.HashMap<>();
        boolean prompt = true;
        for (TestEvents.Received received : taskEvents) {
            switch (received.event()) {
                // Released by a completion; the tasks READY at the start wait for the agents to hear of the run.
                case TaskEvent.TaskReady released when !freeAt.isEmpty() ->
                        readyAt.putIfAbsent(released.taskId(), released.at());
                case TaskEvent.TaskDone done -> freeAt.put(done.agentId(), done.at());
                case TaskEvent.TaskClaimed claimed when readyAt.containsKey(claimed.taskId()) -> {
                    java.time.Instant from = readyAt.get(claimed.taskId());
                    java.time.Instant free = freeAt.get(claimed.agentId());
                    if (free != null && free.isAfter(from)) {
                        from = free;
                    }
                    Duration handOff = Duration.between(from, claimed.at());
                    System.out.println("hand-off of " + claimed.taskId() + " to " + claimed.agentId() + ": "
                            + handOff.toMillis() + " ms");
                    prompt &= handOff.compareTo(limit) < 0;
                }
                default -> { }
            }
        }
        return prompt;
    }

    private static <T> List<T> events(List<TestEvents.Received> received, Class<T> type) {
        return received.stream().map(TestEvents.Received::event).filter(type::isInstance).map(type::cast).toList();
    }
}
