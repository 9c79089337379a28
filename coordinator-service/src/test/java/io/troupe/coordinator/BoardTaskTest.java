package io.troupe.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BoardTaskTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static BoardTask task(TaskState state, String agent, long version) {
        return new BoardTask("run-1", "t1", 0, state, "agent-1", agent, version, T0);
    }

    @Test
    void ownerCompletingItsClaimedTaskIsATransitionToDoneAtItsVersion() {
        // When the owner completes its CLAIMED task
        BoardTask.Completion completion = task(TaskState.CLAIMED, "agent-1", 2).completionBy("agent-1");

        // Then the decision is a compare-and-set from CLAIMED at version 2 to DONE, keeping the owner
        assertThat(completion).isEqualTo(new BoardTask.Completion.Apply(
                new TaskTransition("run-1", "t1", TaskState.CLAIMED, TaskState.DONE, 2, "agent-1")));
    }

    @Test
    void completingATaskClaimedByAnotherAgentIsRefused() {
        assertThat(task(TaskState.CLAIMED, "agent-2", 2).completionBy("agent-1"))
                .isInstanceOf(BoardTask.Completion.NotOwned.class);
    }

    @Test
    void completingAReadyTaskIsRefused() {
        assertThat(task(TaskState.READY, null, 1).completionBy("agent-1"))
                .isInstanceOf(BoardTask.Completion.NotOwned.class);
    }

    @Test
    void ownerCompletingItsDoneTaskAgainIsARedelivery() {
        BoardTask done = task(TaskState.DONE, "agent-1", 3);
        assertThat(done.completionBy("agent-1")).isEqualTo(new BoardTask.Completion.AlreadyDone(done));
    }

    @Test
    void anotherAgentCompletingADoneTaskIsRefused() {
        assertThat(task(TaskState.DONE, "agent-1", 3).completionBy("agent-2"))
                .isInstanceOf(BoardTask.Completion.NotOwned.class);
    }

    @Test
    void claimNamesTheNewOwner() {
        assertThat(task(TaskState.READY, null, 1).claimBy("agent-2"))
                .isEqualTo(new TaskTransition("run-1", "t1", TaskState.READY, TaskState.CLAIMED, 1, "agent-2"));
    }

    @Test
    void applyingATransitionBumpsTheVersion() {
        BoardTask ready = task(TaskState.READY, null, 1);
        Instant later = T0.plusSeconds(1);

        BoardTask claimed = ready.with(ready.claimBy("agent-2"), later);

        assertThat(claimed).isEqualTo(new BoardTask("run-1", "t1", 0, TaskState.CLAIMED, "agent-1", "agent-2", 2,
                later));
    }

    @Test
    void aTransitionDecidedOnAnOlderVersionDoesNotApply() {
        TaskTransition stale = task(TaskState.READY, null, 1).claimBy("agent-2");
        assertThatThrownBy(() -> task(TaskState.READY, null, 2).with(stale, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
