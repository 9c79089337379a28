package io.troupe.coordinator.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The run clock as the barrier of a run in rounds, with a real time the test moves by hand. */
class RunClockRoundsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    private final AtomicLong realNanos = new AtomicLong();

    private RunClock clock(int maxRounds, String... members) {
        return RunClock.inRounds("run-1", T0, List.of(members), maxRounds, 1, true, realNanos::get);
    }

    /** A turn asked for, with its tick applied as the owner would. */
    private static RunClock.Timer turn(RunClock clock, String agent, String task, long seconds) {
        RunClock.Scheduled s = clock.sleep(agent, task, Duration.ofSeconds(seconds));
        s.tick().fire();
        return s.timer();
    }

    @Test
    void eachRoundLastsAsLongAsItsSlowestTurn() {
        // Given a (10 s turns) and b (4 s turns), each on a task
        RunClock clock = clock(60, "a", "b");
        clock.working("a", "t1");
        clock.working("b", "t2");

        // When both take their turn of round 1
        RunClock.Timer a1 = turn(clock, "a", "t1", 10);
        RunClock.Timer b1 = turn(clock, "b", "t2", 4);

        // Then b's reply is in at 4 s and its next turn waits for round 2
        assertThat(b1.fired()).isCompletedWithValue(T0.plusSeconds(4));
        RunClock.Timer b2 = turn(clock, "b", "t2", 4);
        assertThat(b2.fired()).isNotDone();
        // and round 2 begins when a's reply is in, at 10 s: a round lasts its slowest turn
        assertThat(a1.fired()).isCompletedWithValue(T0.plusSeconds(10));
        assertThat(clock.round()).isEqualTo(1);
        RunClock.Timer a2 = turn(clock, "a", "t1", 10);
        assertThat(clock.round()).isEqualTo(2);
        assertThat(b2.fired()).isCompletedWithValue(T0.plusSeconds(14));
        assertThat(clock.timer(b2.id()).orElseThrow().round()).isEqualTo(2);
        RunClock.Timer b3 = turn(clock, "b", "t2", 4);
        assertThat(a2.fired()).isCompletedWithValue(T0.plusSeconds(20));
        turn(clock, "a", "t1", 10);
        assertThat(clock.round()).isEqualTo(3);
        assertThat(b3.fired()).isCompletedWithValue(T0.plusSeconds(24));
    }

    @Test
    void aRoundWaitsForTheRealWorkAfterItsSlowestReply() {
        // Given a round where a's 10 s reply is in and b waits for round 2
        RunClock clock = clock(60, "a", "b");
        turn(clock, "a", "t1", 10);
        turn(clock, "b", null, 1);
        RunClock.Timer b2 = turn(clock, "b", null, 1);
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(10));

        // When a acts on its reply for 3 s of real time (tool calls, tests)
        realNanos.addAndGet(Duration.ofSeconds(3).toNanos());
        clock.advance().fire();

        // Then the round is not over until a asks for its next turn
        assertThat(clock.round()).isEqualTo(1);
        turn(clock, "a", "t1", 10);
        assertThat(clock.round()).isEqualTo(2);
        // (round 2 began at 13 s: b's 1 s turn in it is in at 14 s)
        assertThat(b2.fired()).isCompletedWithValue(T0.plusSeconds(14));
    }

    @Test
    void anIdleMemberTakesOneTurnEveryRound() {
        // Given a on a task (5 s turns) and b with nothing to do (1 s idle turns)
        RunClock clock = clock(60, "a", "b");
        clock.working("a", "t1");
        int idleTurns = 0;
        RunClock.Timer idle = turn(clock, "b", null, 1);
        RunClock.Timer work = turn(clock, "a", "t1", 5);

        // When each asks again as soon as its reply is in, for three rounds
        for (int round = 1; round <= 3; round++) {
            assertThat(idle.fired()).isDone();
            idleTurns++;
            RunClock.Timer nextIdle = turn(clock, "b", null, 1);
            assertThat(nextIdle.fired()).as("b's second turn in round %d", round).isNotDone();
            assertThat(work.fired()).isCompletedWithValue(T0.plusSeconds(5L * round));
            work = turn(clock, "a", "t1", 5);
            idle = nextIdle;
        }

        // Then b took exactly one turn per round, and turns = members × rounds
        assertThat(clock.round()).isEqualTo(4);
        assertThat(idleTurns).isEqualTo(3);
        assertThat(idle.fired()).isCompletedWithValue(T0.plusSeconds(16));
    }

    @Test
    void anIdleTurnOfAMemberOwedATaskIsDeclinedAndItsTaskTurnCountsForTheRound() {
        // Given t2 claimed for b, which has not started it
        RunClock clock = clock(60, "a", "b");
        clock.taskClaimed("t2", "b");
        RunClock.Timer a1 = turn(clock, "a", null, 2);

        // When b asks for an idle turn
        RunClock.Timer declined = turn(clock, "b", null, 1);

        // Then it is declined, and the round waits for b's first turn on t2, which starts in this round
        assertThat(declined.fired()).isCompletedExceptionally();
        Assertions.assertThatThrownBy(() -> declined.fired().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RunClock.TurnDeclinedException.class);
        assertThat(a1.fired()).isNotDone();
        clock.working("b", "t2");
        RunClock.Timer b1 = turn(clock, "b", "t2", 3);
        assertThat(a1.fired()).isCompletedWithValue(T0.plusSeconds(2));
        turn(clock, "a", null, 2);
        assertThat(b1.fired()).isCompletedWithValue(T0.plusSeconds(3));
        assertThat(clock.round()).isEqualTo(1);
        turn(clock, "b", "t2", 3);
        assertThat(clock.round()).isEqualTo(2);
    }

    @Test
    void theLastRoundEndsTheRoundsAndLaterTurnsWaitUntilTheRunEnds() {
        // Given a run of at most 2 rounds
        RunClock clock = clock(2, "a", "b");
        turn(clock, "a", null, 1);
        turn(clock, "b", null, 1);
        turn(clock, "a", null, 1);
        RunClock.Scheduled last = clock.sleep("b", null, Duration.ofSeconds(1));
        last.tick().fire();
        assertThat(last.tick().roundStarted()).isEqualTo(2);
        RunClock.Timer a3 = turn(clock, "a", null, 1);

        // When round 2's replies are in and b asks for a third turn
        RunClock.Scheduled third = clock.sleep("b", null, Duration.ofSeconds(1));
        third.tick().fire();

        // Then the clock says the rounds are used up once, starts no round 3, and its turns never fire
        assertThat(third.tick().roundsUsedUp()).isTrue();
        assertThat(clock.round()).isEqualTo(2);
        assertThat(clock.advance().roundsUsedUp()).isFalse();
        assertThat(a3.fired()).isNotDone();
        clock.end();
        assertThat(a3.fired()).isCompletedExceptionally();
        assertThat(third.timer().fired()).isCompletedExceptionally();
    }

    @Test
    void aFrozenClockBeginsNoFurtherRound() {
        // Given a round whose turns are in, and the run ending (its last task done)
        RunClock clock = clock(60, "a", "b");
        turn(clock, "a", null, 1);
        turn(clock, "b", "t1", 2);
        RunClock.Timer a2 = turn(clock, "a", null, 1);

        // When the clock is frozen before b asks for its next turn
        assertThat(clock.freeze()).isEqualTo(1);
        RunClock.Timer b2 = turn(clock, "b", "t1", 2);

        // Then round 2 never begins: the rounds used stay 1 and no turn of round 2 is taken
        assertThat(clock.round()).isEqualTo(1);
        assertThat(a2.fired()).isNotDone();
        assertThat(b2.fired()).isNotDone();
    }

    @Test
    void aMemberThatLeftTakesNoTurnAndHoldsNoRound() {
        // Given b crashed in round 1
        RunClock clock = clock(60, "a", "b");
        clock.left("b").fire();

        // When a takes two turns
        turn(clock, "a", "t1", 5);
        RunClock.Timer a2 = turn(clock, "a", "t1", 5);

        // Then each is a round of its own
        assertThat(a2.fired()).isCompletedWithValue(T0.plusSeconds(10));
        assertThat(clock.round()).isEqualTo(2);
    }

    @Test
    void aRunInRoundsOnTheWallClockNeverJumps() {
        // Given a run of real models in rounds: its clock only follows real time
        RunClock clock = RunClock.inRounds("run-1", T0, List.of("a"), 60, 1, false, realNanos::get);

        // When a asks for a 0 s barrier turn, and then for its next
        RunClock.Timer first = turn(clock, "a", "t1", 0);
        RunClock.Timer second = turn(clock, "a", "t1", 0);

        // Then the first starts at once, the second in round 2 once the first's work was done
        assertThat(first.fired()).isCompletedWithValue(T0);
        assertThat(second.fired()).isCompletedWithValue(T0);
        assertThat(clock.round()).isEqualTo(2);
        RunClock.Timer slow = turn(clock, "a", "t1", 5);
        assertThat(slow.fired()).as("a 5 s timer on a clock that does not jump").isNotDone();
        realNanos.addAndGet(Duration.ofSeconds(5).toNanos());
        clock.advance().fire();
        assertThat(slow.fired()).isCompletedWithValue(T0.plusSeconds(5));
    }
}
