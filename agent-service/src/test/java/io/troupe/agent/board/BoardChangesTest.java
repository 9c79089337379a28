package io.troupe.agent.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.agent.runs.RunDirectory;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoardChangesTest {
    private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");

    private final RunDirectory directory = new RunDirectory();
    private final List<String> woken = new ArrayList<>();
    private final BoardChanges changes = new BoardChanges(directory, run -> woken.add(run.runId()));

    @Test
    void aTaskMadeReadyOrLeftByAnExpiredLeaseWakesItsDecentralizedRunsAgents() {
        // Given a running decentralized run and a running queue run
        start("run-d", "decentralized");
        start("run-q", "queue");

        // When a task of each becomes READY, and a lease of the decentralized run runs out
        changes.changed(new TaskEvent.TaskReady("run-d", "a", AT));
        changes.changed(new TaskEvent.TaskReady("run-q", "a", AT));
        changes.changed(new TaskEvent.TaskLeaseExpired("run-d", "b", "agent-1", 1, 1, AT));

        // Then only the decentralized run's agents are woken, once per change (the queue hands its tasks out itself)
        assertThat(woken).containsExactly("run-d", "run-d");
    }

    @Test
    void changesThatLeaveNoTaskReadyOrOfUnknownRunsWakeNobody() {
        // Given a running decentralized run
        start("run-d", "decentralized");

        // When tasks are claimed, done, refused or failed, and a task of a run this process does not know is READY
        changes.changed(new TaskEvent.TaskClaimed("run-d", "a", "agent-1", AT));
        changes.changed(new TaskEvent.TaskDone("run-d", "a", "agent-1", AT));
        changes.changed(new TaskEvent.TaskClaimBlocked("run-d", "c", "agent-2", "PENDING", AT));
        changes.changed(new TaskEvent.TaskClaimConflict("run-d", "b", "agent-2", "agent-1", AT));
        changes.changed(new TaskEvent.TaskLeaseStale("run-d", "b", "agent-2", 1, 2, AT));
        changes.changed(new TaskEvent.TaskFailed("run-d", "b", 3, "lost", AT));
        changes.changed(new TaskEvent.TaskReady("run-unknown", "a", AT));

        // Then nobody is woken
        assertThat(woken).isEmpty();
    }

    @Test
    void aFinishedRunsChangesWakeNobody() {
        // Given a decentralized run that is over
        start("run-d", "decentralized");
        directory.forget("run-d");

        // When a task of it is READY (a late event) / Then nobody is woken
        changes.changed(new TaskEvent.TaskReady("run-d", "a", AT));
        assertThat(woken).isEmpty();
    }

    private void start(String runId, String architecture) {
        directory.onRunEvent(new RunStarted(runId, null, "tiny", architecture, 2, "simulated-constant", 5, 3, 0.4,
                AT, List.of("agent-1", "agent-2"), null, null, 1L));
    }
}
