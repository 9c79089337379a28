package io.troupe.protocol.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.protocol.suite.TaskSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void typeIsDerivedFromTheRecordName() {
        assertThat(Events.typeOf(TaskEvent.TaskDone.class)).isEqualTo("io.troupe.task-done");
        assertThat(Events.typeOf(WorkspaceEvent.TestRunCompleted.class)).isEqualTo("io.troupe.test-run-completed");
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
    void runStartedCarriesTheDagsEdges() {
        var started = new RunEvent.RunStarted("r1", null, "tiny", "queue", 2, "m", 3, 2, 1 / 3.0,
                Instant.parse("2026-11-25T10:00:00Z"), Map.of("a", List.of(), "b", List.of("a"), "c", List.of()));

        var decoded = Events.fromJson(Events.typeOf(started), Events.toJson(started));

        assertThat(decoded).contains(started);
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
