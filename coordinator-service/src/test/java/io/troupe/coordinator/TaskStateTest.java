package io.troupe.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TaskStateTest {

    @Test
    void pendingBecomesReady() {
        assertThat(TaskState.PENDING.ready()).isEqualTo(TaskState.READY);
    }

    @Test
    void readyIsClaimed() {
        assertThat(TaskState.READY.claim()).isEqualTo(TaskState.CLAIMED);
    }

    @Test
    void claimedIsCompleted() {
        assertThat(TaskState.CLAIMED.complete()).isEqualTo(TaskState.DONE);
    }

    @Test
    void claimedExpiresBackToReady() {
        assertThat(TaskState.CLAIMED.expire()).isEqualTo(TaskState.READY);
    }

    @Test
    void claimedIsRenewedAndStaysClaimed() {
        assertThat(TaskState.CLAIMED.renew()).isEqualTo(TaskState.CLAIMED);
        assertThatThrownBy(TaskState.READY::renew).isInstanceOf(TaskState.IllegalTransitionException.class);
    }

    @Test
    void claimedFails() {
        assertThat(TaskState.CLAIMED.fail()).isEqualTo(TaskState.FAILED);
    }

    @Test
    void claimOfPendingTaskIsRefused() {
        assertThatThrownBy(TaskState.PENDING::claim).isInstanceOf(TaskState.IllegalTransitionException.class)
                .hasMessage("a task cannot go from PENDING to CLAIMED");
    }

    @Test
    void claimOfDoneTaskIsRefused() {
        assertThatThrownBy(TaskState.DONE::claim).isInstanceOf(TaskState.IllegalTransitionException.class);
    }

    @Test
    void completionOfReadyTaskIsRefused() {
        assertThatThrownBy(TaskState.READY::complete).isInstanceOf(TaskState.IllegalTransitionException.class)
                .hasMessage("a task cannot go from READY to DONE");
    }

    @Test
    void eachTransitionStartsFromExactlyOneState() {
        assertStartsOnlyFrom(TaskState::ready, TaskState.PENDING);
        assertStartsOnlyFrom(TaskState::claim, TaskState.READY);
        assertStartsOnlyFrom(TaskState::complete, TaskState.CLAIMED);
        assertStartsOnlyFrom(TaskState::expire, TaskState.CLAIMED);
        assertStartsOnlyFrom(TaskState::fail, TaskState.CLAIMED);
    }

    @Test
    void doneAndFailedAreTerminal() {
        assertThat(EnumSet.allOf(TaskState.class)).filteredOn(TaskState::isTerminal)
                .containsExactlyInAnyOrder(TaskState.DONE, TaskState.FAILED);
    }

    @Test
    void codesAreStableAndRoundTrip() {
        assertThat(EnumSet.allOf(TaskState.class)).extracting(TaskState::code)
                .containsExactly("PENDING", "READY", "CLAIMED", "DONE", "FAILED");
        for (TaskState state : TaskState.values()) {
            assertThat(TaskState.fromCode(state.code())).isEqualTo(state);
        }
        assertThatThrownBy(() -> TaskState.fromCode("LOST")).hasMessageContaining("LOST");
    }

    private static void assertStartsOnlyFrom(UnaryOperator<TaskState> transition, TaskState source) {
        for (TaskState state : TaskState.values()) {
            if (state == source) {
                assertThat(transition.apply(state)).isNotNull();
            } else {
                assertThatThrownBy(() -> transition.apply(state))
                        .isInstanceOf(TaskState.IllegalTransitionException.class);
            }
        }
    }
}
