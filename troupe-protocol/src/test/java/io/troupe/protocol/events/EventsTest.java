package io.troupe.protocol.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.protocol.suite.TaskSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventsTest {

    /** The wire names as consumers know them: a change here is a change of the wire. */
    private static final Map<Class<? extends TroupeEvent>, String> WIRE_NAMES = Map.ofEntries(
            Map.entry(RunEvent.RunStarted.class, "io.troupe.run-started"),
            Map.entry(RunEvent.RunFinished.class, "io.troupe.run-finished"),
            Map.entry(TaskEvent.TaskReady.class, "io.troupe.task-ready"),
            Map.entry(TaskEvent.TaskClaimed.class, "io.troupe.task-claimed"),
            Map.entry(TaskEvent.TaskDone.class, "io.troupe.task-done"),
            Map.entry(TaskEvent.TaskClaimBlocked.class, "io.troupe.task-claim-blocked"),
            Map.entry(TaskEvent.TaskClaimConflict.class, "io.troupe.task-claim-conflict"),
            Map.entry(TaskEvent.TaskLeaseStale.class, "io.troupe.task-lease-stale"),
            Map.entry(TaskEvent.TaskLeaseExpired.class, "io.troupe.task-lease-expired"),
            Map.entry(TaskEvent.TaskFailed.class, "io.troupe.task-failed"),
            Map.entry(AgentEvent.TurnStarted.class, "io.troupe.turn-started"),
            Map.entry(AgentEvent.TurnCompleted.class, "io.troupe.turn-completed"),
            Map.entry(AgentEvent.ToolCalled.class, "io.troupe.tool-called"),
            Map.entry(AgentEvent.TaskAbandoned.class, "io.troupe.task-abandoned"),
            Map.entry(AgentEvent.MessageSent.class, "io.troupe.message-sent"),
            Map.entry(AgentEvent.AgentBusy.class, "io.troupe.agent-busy"),
            Map.entry(AgentEvent.AgentIdle.class, "io.troupe.agent-idle"),
            Map.entry(AgentEvent.AgentHeartbeat.class, "io.troupe.agent-heartbeat"),
            Map.entry(WorkspaceEvent.FileWritten.class, "io.troupe.file-written"),
            Map.entry(WorkspaceEvent.WriteConflict.class, "io.troupe.write-conflict"),
            Map.entry(WorkspaceEvent.FileDeleted.class, "io.troupe.file-deleted"),
            Map.entry(WorkspaceEvent.FileOverwritten.class, "io.troupe.file-overwritten"),
            Map.entry(WorkspaceEvent.ConcurrentWrite.class, "io.troupe.concurrent-write"),
            Map.entry(WorkspaceEvent.TestRunCompleted.class, "io.troupe.test-run-completed"),
            Map.entry(InboxMessage.Assignment.class, "io.troupe.assignment"),
            Map.entry(InboxMessage.Message.class, "io.troupe.message"));

    @Test
    void everyRecordHasItsPinnedWireName() {
        WIRE_NAMES.forEach((record, type) -> assertThat(Events.typeOf(record)).as(record.getName()).isEqualTo(type));
    }

    @Test
    void theWireNamesAreExactlyTheKnownOnes() {
        // Given every record of every sealed family
        List<Class<?>> records = Arrays.stream(TroupeEvent.class.getPermittedSubclasses())
                .flatMap(family -> Arrays.stream(family.getPermittedSubclasses())).toList();

        // Then each is in the table, and the decoder knows exactly the table's types
        assertThat(records).containsExactlyInAnyOrderElementsOf(WIRE_NAMES.keySet());
        assertThat(Events.types()).containsExactlyInAnyOrderEntriesOf(WIRE_NAMES.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey)));
    }

    @Test
    void everyEventRoundTripsThroughJson() {
        var assignment = new InboxMessage.Assignment("r1", "agent-1", "tiny",
                new TaskSpec("t1", "T", "d", List.of(), List.of("a.py"), List.of("tests/test_a.py")),
                List.of(), ModelSpec.simulated(100), Instant.parse("2026-11-25T10:00:00Z"));

        var decoded = Events.fromJson(Events.typeOf(assignment), Events.toJson(assignment));

        assertThat(decoded).contains(assignment);
    }

    @Test
    void assignmentWithSettingsAndMessagesRoundTrip() {
        var settings = AgentSettings.of("queue", 3, "gpt-5.2", 7L, 0.01, 40, 1000L,
                List.of(Map.of("agent", 0, "slowdown", 5.0)), 0);
        var assignment = new InboxMessage.Assignment("r1", "agent-1", "tiny",
                new TaskSpec("t1", "T", "d", List.of(), List.of("a.py"), List.of()), List.of(),
                ModelSpec.simulated(100), Instant.parse("2026-11-25T10:00:00Z"), settings);
        var message = new InboxMessage.Message("r1", InboxMessage.ALL, "agent-2", "t1 is done",
                Instant.parse("2026-11-25T10:00:00Z"));

        assertThat(Events.fromJson(Events.typeOf(assignment), Events.toJson(assignment))).contains(assignment);
        assertThat(Events.fromJson(Events.typeOf(message), Events.toJson(message))).contains(message);
    }

    @Test
    void aTestRunCompletedFromBeforeTheSandboxFieldReadsAsNoSandbox() {
        String json = """
                {"runId":"r","agentId":"agent-1","testRunId":"t","passed":1,"failed":0,"errors":0,"exitCode":0,
                 "timedOut":false,"durationMillis":5,"at":"2026-01-01T00:00:00Z"}""";
        var decoded = (WorkspaceEvent.TestRunCompleted) Events.fromJson("io.troupe.test-run-completed", json)
                .orElseThrow();
        assertThat(decoded.sandbox()).isNull();
        assertThat(decoded.passed()).isEqualTo(1);
    }

    @Test
    void assignmentOfTheFirstVersionHasNoSettings() {
        String json = """
                {"runId": "r1", "agentId": "agent-1", "suiteId": "tiny", "task": {"id": "t1"},
                 "dependencyFiles": [], "model": null, "at": "2026-11-25T10:00:00Z"}""";

        var decoded = (InboxMessage.Assignment) Events.fromJson("io.troupe.assignment", json).orElseThrow();

        assertThat(decoded.settings()).isNull();
        assertThat(decoded.settingsOrNone()).isEqualTo(AgentSettings.NONE);
    }

    @Test
    void agentSettingsTakeTheAgentsOverride() {
        var overrides = List.<Map<String, Object>>of(Map.of("agent", 1, "slowdown", 5.0, "seed", 9),
                Map.of("agent", 0, "crashProbability", 1));

        var second = AgentSettings.of("preassigned", 3, "p", 7L, 0.5, null, null, overrides, 1);
        var third = AgentSettings.of("preassigned", 3, "p", 7L, 0.5, null, null, overrides, 2);

        assertThat(second.slowdown()).isEqualTo(5.0);
        assertThat(second.seed()).isEqualTo(9L);
        assertThat(second.timeScale()).isEqualTo(0.5);
        assertThat(second.crashProbability()).isNull();
        assertThat(third).isEqualTo(new AgentSettings("preassigned", 3, "p", 7L, 0.5, null, null, null, null, null,
                null, null, null));
    }

    @Test
    void overrideProblemsAreNamed() {
        assertThat(AgentSettings.problemOf(Map.of("agent", 0, "slowdown", 5.0))).isNull();
        assertThat(AgentSettings.problemOf(Map.of("agent", 0, "slowness", 5.0))).contains("slowness", "slowdown");
        assertThat(AgentSettings.problemOf(Map.of("agent", 0, "crashProbability", 2))).contains("between 0 and 1");
        assertThat(AgentSettings.problemOf(Map.of("agent", 0, "slowdown", "x"))).contains("number");
    }

    @Test
    void runStartedFromAProducerWithoutTeamsHasTheDefaultTeam() {
        // Given a RunStarted as a producer before recruiting wrote it (no 'team')
        String json = "{\"runId\":\"r1\",\"suiteId\":\"tiny\",\"architecture\":\"queue\",\"agents\":2,"
                + "\"model\":\"m\",\"taskCount\":5,\"criticalPath\":3,\"parallelFraction\":0.4,"
                + "\"at\":\"2026-11-25T10:00:00Z\"}";

        // When it is decoded
        var started = (RunEvent.RunStarted) Events.fromJson(Events.typeOf(RunEvent.RunStarted.class), json)
                .orElseThrow();

        // Then its team is the first two workers of a process, whatever their ids
        assertThat(started.team()).isEmpty();
        assertThat(started.hasOnTeam("agent-2", 2)).isTrue();
        assertThat(started.hasOnTeam("agent-3", 3)).isFalse();
    }

    @Test
    void runStartedWithATeamHasOnlyItsMembersOnTheTeam() {
        var started = new RunEvent.RunStarted("r1", null, "tiny", "queue", 2, "m", 5, 3, 0.4,
                Instant.parse("2026-11-25T10:00:00Z"), List.of("b-1", "a-7"), "lead-1");

        var decoded = (RunEvent.RunStarted) Events.fromJson(Events.typeOf(started), Events.toJson(started))
                .orElseThrow();

        assertThat(decoded).isEqualTo(started);
        assertThat(decoded.hasOnTeam("a-7", 7)).isTrue();
        assertThat(decoded.hasOnTeam("a-1", 1)).isFalse();
    }

    @Test
    void runStartedCarriesTheDagsEdges() {
        var started = new RunEvent.RunStarted("r1", null, "tiny", "queue", 2, "m", 3, 2, 1 / 3.0,
                Instant.parse("2026-11-25T10:00:00Z"), Map.of("a", List.of(), "b", List.of("a"), "c", List.of()));

        var decoded = Events.fromJson(Events.typeOf(started), Events.toJson(started));

        assertThat(decoded).contains(started);
    }

    @Test
    void runStartedCarriesTheSimulatedModelsSeedAndAnOlderProducersHasNone() {
        var started = new RunEvent.RunStarted("r1", null, "tiny", "queue", 2, "m", 3, 2, 1 / 3.0,
                Instant.parse("2026-11-25T10:00:00Z"), List.of("a-1", "a-2"), null, Map.of("a", List.of()), 7L);

        var decoded = (RunEvent.RunStarted) Events.fromJson(Events.typeOf(started), Events.toJson(started))
                .orElseThrow();

        assertThat(decoded.seed()).isEqualTo(7L);
        assertThat(decoded).isEqualTo(started);
        String older = "{\"runId\":\"r1\",\"suiteId\":\"tiny\",\"architecture\":\"queue\",\"agents\":1,"
                + "\"model\":\"m\",\"taskCount\":1,\"criticalPath\":1,\"parallelFraction\":0.0,"
                + "\"at\":\"2026-11-25T10:00:00Z\"}";
        assertThat(((RunEvent.RunStarted) Events.fromJson(Events.typeOf(started), older).orElseThrow()).seed())
                .isNull();
    }

    @Test
    void runStartedOfAnOlderProducerHasNoEdges() {
        String json = "{\"runId\":\"r1\",\"suiteId\":\"tiny\",\"architecture\":\"queue\",\"agents\":1,"
                + "\"model\":\"m\",\"taskCount\":1,\"criticalPath\":1,\"parallelFraction\":0.0,"
                + "\"at\":\"2026-11-25T10:00:00Z\"}";

        var decoded = Events.fromJson(Events.typeOf(RunEvent.RunStarted.class), json);

        assertThat(decoded).get().extracting(e -> ((RunEvent.RunStarted) e).dependencies()).isEqualTo(Map.of());
    }

    @Test
    void unknownTypeIsSkipped() {
        assertThat(Events.fromJson("io.troupe.from-the-future", "{}")).isEmpty();
    }
}
