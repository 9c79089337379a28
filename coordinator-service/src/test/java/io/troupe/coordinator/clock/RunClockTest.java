package io.troupe.coordinator.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The run clock with a real time the test moves by hand: when it may jump, and what it fires when. */
class RunClockTest {
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    private final AtomicLong realNanos = new AtomicLong();

    private RunClock clock(boolean membersTakeReadyTasks, String... members) {
        return new RunClock("run-1", T0, List.of(members), membersTakeReadyTasks, realNanos::get);
    }

    private void realTimePasses(Duration d) {
        realNanos.addAndGet(d.toNanos());
    }

    private static Instant firedAt(RunClock.Scheduled s) throws ExecutionException, InterruptedException {
        s.tick().fire();
        return s.timer().fired().isDone() ? s.timer().fired().get() : null;
    }

    @Test
    void theClockJumpsOnlyWhenNothingRealIsInFlight() throws Exception {
        // Given two agents at work on t1 and t2
        RunClock clock = clock(false, "a", "b");
        clock.taskClaimed("t1", "a");
        clock.taskClaimed("t2", "b");
        clock.working("a", "t1");
        clock.working("b", "t2");

        // When a calls its model for 10 s while b is in a 2 s tool call
        RunClock.Scheduled aTurn = clock.sleep("a", "t1", Duration.ofSeconds(10));
        assertThat(firedAt(aTurn)).as("b's tool call is real work: no jump").isNull();
        realTimePasses(Duration.ofSeconds(2));
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(2));

        // and then b calls its model for 5 s: everyone waits on a model, so the clock jumps to b's timer
        RunClock.Scheduled bTurn = clock.sleep("b", "t2", Duration.ofSeconds(5));
        assertThat(firedAt(bTurn)).isEqualTo(T0.plusSeconds(7));
        assertThat(aTurn.timer().fired()).isNotDone();
        assertThat(clock.members()).containsEntry("b", RunClock.State.WORKING)
                .containsEntry("a", RunClock.State.WAITING);

        // Then b's 1 s of real work after its turn runs in real time, a's timer still pending
        realTimePasses(Duration.ofSeconds(1));
        clock.advance().fire();
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(8));
        assertThat(aTurn.timer().fired()).isNotDone();

        // and once b goes idle the clock jumps to a's timer, at its full latency
        clock.taskEnded("t2");
        clock.idle("b", List.of()).fire();
        assertThat(aTurn.timer().fired()).isCompletedWithValue(T0.plusSeconds(10));
        assertThat(clock.now()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void aTaskClaimedForAnIdleAgentHoldsTheClockUntilItStartsIt() throws Exception {
        // Given a waiting on its model, and t3 just claimed for idle b (its assignment is on its way)
        RunClock clock = clock(false, "a", "b");
        clock.working("a", "t1");
        clock.taskClaimed("t3", "b");
        RunClock.Scheduled aTurn = clock.sleep("a", "t1", Duration.ofSeconds(30));

        // Then the clock does not jump, and follows real time
        assertThat(firedAt(aTurn)).isNull();
        realTimePasses(Duration.ofMillis(300));
        assertThat(clock.advance().wakeUpIn()).contains(Duration.ofMillis(29_700));

        // When b starts t3 and calls its model for 4 s, the clock jumps to b's timer
        clock.working("b", "t3");
        assertThat(firedAt(clock.sleep("b", "t3", Duration.ofSeconds(4)))).isEqualTo(T0.plusMillis(4_300));
    }

    @Test
    void aReadyTaskHoldsTheClockWhileAnIdleMemberMayTakeIt() throws Exception {
        // Given a decentralized team: a waits on its model, b is idle, and t4 is READY on the board
        RunClock clock = clock(true, "a", "b");
        clock.working("a", "t1");
        clock.taskReady("t4");
        RunClock.Scheduled aTurn = clock.sleep("a", "t1", Duration.ofSeconds(10));
        assertThat(firedAt(aTurn)).isNull();

        // When b claims t4, then starts it and waits on its model, the clock jumps
        clock.taskClaimed("t4", "b").fire();
        assertThat(aTurn.timer().fired()).isNotDone();
        clock.working("b", "t4");
        RunClock.Scheduled bTurn = clock.sleep("b", "t4", Duration.ofSeconds(20));
        assertThat(aTurn.timer().fired()).isNotDone();
        bTurn.tick().fire();
        assertThat(aTurn.timer().fired()).isCompletedWithValue(T0.plusSeconds(10));
        assertThat(bTurn.timer().fired()).isNotDone();
    }

    @Test
    void aStallOfAHundredTurnsCostsModelTimeNotRealTime() throws Exception {
        // Given one agent whose turn takes 2 s and whose stalled turn takes 100 times as long
        RunClock clock = clock(false, "a");
        clock.working("a", "t1");

        // When it takes a normal turn, then a stalled one
        assertThat(firedAt(clock.sleep("a", "t1", Duration.ofSeconds(2)))).isEqualTo(T0.plusSeconds(2));
        realTimePasses(Duration.ofMillis(50));
        Instant stalled = firedAt(clock.sleep("a", "t1", Duration.ofSeconds(200)));

        // Then the stall shows its full 200 s on the run's clock, in no real time
        assertThat(stalled).isEqualTo(T0.plusSeconds(202).plusMillis(50));
        assertThat(realNanos.get()).isEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void aWaitingAgentsLeaseIsShieldedAndALeftAgentsIsNot() throws Exception {
        // Given a waiting on a long turn and b, which crashed holding t2
        RunClock clock = clock(false, "a", "b");
        clock.taskClaimed("t2", "b");
        clock.working("a", "t1");
        clock.left("b");
        Duration lease = Duration.ofSeconds(30);

        // When the clock jumps 60 s to a's timer
        firedAt(clock.sleep("a", "t1", Duration.ofSeconds(60)));

        // Then a, whose model just answered, keeps its lease for a lease's length, and b does not
        assertThat(clock.shields("a", lease)).isTrue();
        assertThat(clock.shields("b", lease)).isFalse();
        realTimePasses(Duration.ofSeconds(31));
        assertThat(clock.shields("a", lease)).isFalse();
    }

    @Test
    void anEndedRunFailsItsPendingTimersAndRefusesNewOnes() {
        // Given a waits on its model while b works
        RunClock clock = clock(false, "a", "b");
        clock.working("b", "t2");
        RunClock.Scheduled aTurn = clock.sleep("a", "t1", Duration.ofSeconds(10));

        // When the run ends
        clock.end();

        // Then a's wait fails at once, and so does any new one
        assertThat(aTurn.timer().fired()).isCompletedExceptionally();
        assertThat(clock.sleep("b", "t2", Duration.ofSeconds(1)).timer().fired()).isCompletedExceptionally();
    }
}
