package io.troupe.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BoardTaskTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LEASE_END = T0.plusSeconds(30);

    private static BoardTask task(TaskState state, String agent, long version) {
        return task(state, agent, version, 0, state == TaskState.CLAIMED || state == TaskState.DONE ? 1 : 0);
    }

    private static BoardTask task(TaskState state, String agent, long version, int attempts, long epoch) {
        return new BoardTask("run-1", "t1", 0, state, "agent-1", agent, version, T0, attempts, epoch,
                state == TaskState.CLAIMED ? LEASE_END : null);
    }

    @Test
    void ownerCompletingItsClaimedTaskIsATransitionToDoneAtItsVersion() {
        // When the owner completes its CLAIMED task
        BoardTask.Completion completion = task(TaskState.CLAIMED, "agent-1", 2).completionBy("agent-1");

        // Then the decision is a compare-and-set from CLAIMED at version 2 to DONE, keeping owner and epoch
        assertThat(completion).isEqualTo(new BoardTask.Completion.Apply(
                new TaskTransition("run-1", "t1", TaskState.CLAIMED, TaskState.DONE, 2, "agent-1", 1, null, 0)));
    }

    @Test
    void ownerCompletingWithItsCurrentEpochIsATransitionToDone() {
        assertThat(task(TaskState.CLAIMED, "agent-1", 2, 0, 4).completionBy("agent-1", 4L))
                .isInstanceOf(BoardTask.Completion.Apply.class);
    }

    @Test
    void completingWithAnOlderEpochIsStale() {
        // Given the task re-claimed by the same agent after its first lease expired (epoch 2)
        BoardTask reclaimed = task(TaskState.CLAIMED, "agent-1", 5, 1, 2);

        // When it completes under its first lease
        BoardTask.Completion completion = reclaimed.completionBy("agent-1", 1L);

        // Then the completion is refused as stale
        assertThat(completion).isEqualTo(new BoardTask.Completion.Stale(reclaimed));
    }

    @Test
    void completingWithAnEpochAfterAnotherAgentTookTheTaskIsStale() {
        assertThat(task(TaskState.CLAIMED, "agent-2", 5, 1, 2).completionBy("agent-1", 1L))
                .isInstanceOf(BoardTask.Completion.Stale.class);
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
        assertThat(done.completionBy("agent-1", 1L)).isEqualTo(new BoardTask.Completion.AlreadyDone(done));
    }

    @Test
    void anotherAgentCompletingADoneTaskIsRefused() {
        assertThat(task(TaskState.DONE, "agent-1", 3).completionBy("agent-2"))
                .isInstanceOf(BoardTask.Completion.NotOwned.class);
    }

    @Test
    void claimOfAReadyTaskNamesTheNewOwnerAndGrantsTheNextEpoch() {
        assertThat(task(TaskState.READY, null, 1, 1, 1).claimBy("agent-2", LEASE_END))
                .isEqualTo(new BoardTask.Claim.Apply(new TaskTransition("run-1", "t1", TaskState.READY,
                        TaskState.CLAIMED, 1, "agent-2", 2, LEASE_END, 1)));
    }

    @Test
    void claimOfATaskHeldByAnotherAgentIsAConflict() {
        assertThat(task(TaskState.CLAIMED, "agent-1", 2).claimBy("agent-2", LEASE_END))
                .isInstanceOf(BoardTask.Claim.Conflict.class);
    }

    @Test
    void claimOfATaskTheClaimantHoldsIsAnsweredWithItsLease() {
        BoardTask held = task(TaskState.CLAIMED, "agent-2", 2);
        assertThat(held.claimBy("agent-2", LEASE_END)).isEqualTo(new BoardTask.Claim.Held(held));
    }

    @Test
    void claimOfAPendingDoneOrFailedTaskIsBlocked() {
        assertThat(task(TaskState.PENDING, null, 0).claimBy("agent-2", LEASE_END))
                .isInstanceOf(BoardTask.Claim.Blocked.class);
        assertThat(task(TaskState.DONE, "agent-1", 3).claimBy("agent-2", LEASE_END))
                .isInstanceOf(BoardTask.Claim.Blocked.class);
        assertThat(task(TaskState.FAILED, null, 3).claimBy("agent-2", LEASE_END))
                .isInstanceOf(BoardTask.Claim.Blocked.class);
    }

    @Test
    void renewalWithTheCurrentEpochExtendsTheLease() {
        Instant later = LEASE_END.plusSeconds(30);
        assertThat(task(TaskState.CLAIMED, "agent-1", 2).renewalBy("agent-1", 1L, later))
                .isEqualTo(new BoardTask.Renewal.Apply(new TaskTransition("run-1", "t1", TaskState.CLAIMED,
                        TaskState.CLAIMED, 2, "agent-1", 1, later, 0)));
    }

    @Test
    void renewalWithAStaleEpochOrByAnotherAgentIsStale() {
        assertThat(task(TaskState.CLAIMED, "agent-1", 2, 0, 3).renewalBy("agent-1", 2L, LEASE_END))
                .isInstanceOf(BoardTask.Renewal.Stale.class);
        assertThat(task(TaskState.CLAIMED, "agent-1", 2).renewalBy("agent-2", 1L, LEASE_END))
                .isInstanceOf(BoardTask.Renewal.Stale.class);
        assertThat(task(TaskState.READY, null, 3, 1, 1).renewalBy("agent-1", 1L, LEASE_END))
                .isInstanceOf(BoardTask.Renewal.Stale.class);
    }

    @Test
    void anExpiredLeaseReturnsTheTaskToReadyCountingTheAttempt() {
        BoardTask claimed = task(TaskState.CLAIMED, "agent-1", 2);

        assertThat(claimed.leaseExpired(LEASE_END.minusMillis(1))).isFalse();
        assertThat(claimed.leaseExpired(LEASE_END)).isTrue();
        assertThat(claimed.expire(3)).isEqualTo(new TaskTransition("run-1", "t1", TaskState.CLAIMED,
                TaskState.READY, 2, null, 1, null, 1));
    }

    @Test
    void theLastAllowedExpiryFailsTheTask() {
        assertThat(task(TaskState.CLAIMED, "agent-1", 8, 2, 3).expire(3).to()).isEqualTo(TaskState.FAILED);
    }

    @Test
    void applyingATransitionBumpsTheVersion() {
        BoardTask ready = task(TaskState.READY, null, 1);
        Instant later = T0.plusSeconds(1);

        BoardTask claimed = ready.with(((BoardTask.Claim.Apply) ready.claimBy("agent-2", LEASE_END)).transition(),
                later);

        assertThat(claimed).isEqualTo(new BoardTask("run-1", "t1", 0, TaskState.CLAIMED, "agent-1", "agent-2", 2,
                later, 0, 1, LEASE_END));
    }

    @Test
    void aTransitionDecidedOnAnOlderVersionDoesNotApply() {
        TaskTransition stale = ((BoardTask.Claim.Apply) task(TaskState.READY, null, 1).claimBy("agent-2", LEASE_END))
                .transition();
        assertThatThrownBy(() -> task(TaskState.READY, null, 2).with(stale, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
