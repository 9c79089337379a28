package io.troupe.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TurnStopsTest {

    @Test
    void aStopInterruptsAModelCallInFlight() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        AtomicReference<Boolean> stoppedAfter = new AtomicReference<>();
        Thread agent = new Thread(() -> {
            TurnStops.arm();
            try {
                TurnStops.modelCall(() -> {
                    waiting.countDown();
                    try {
                        // a model call that answers only when interrupted
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("model call interrupted", e);
                    }
                    return "reply";
                });
            } catch (RuntimeException e) {
                ended.set(e);
                stoppedAfter.set(TurnStops.stopped() && !Thread.currentThread().isInterrupted());
            } finally {
                TurnStops.disarm();
            }
        });
        agent.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(TurnStops.stop(agent)).isTrue();

        agent.join(10_000);
        assertThat(agent.isAlive()).isFalse();
        assertThat(ended.get()).hasMessage("model call interrupted");
        // the interrupt was spent on the model call: what follows (giving the task up) is not cut off
        assertThat(stoppedAfter.get()).isTrue();
    }

    @Test
    void aStopDuringAToolCallLetsItFinishAndEndsTheTaskBeforeTheNextModelCall() throws Exception {
        CountDownLatch inTool = new CountDownLatch(1);
        CountDownLatch stopSent = new CountDownLatch(1);
        AtomicReference<String> tool = new AtomicReference<>();
        AtomicReference<Boolean> stoppedBeforeNextTurn = new AtomicReference<>();
        Thread agent = new Thread(() -> {
            TurnStops.arm();
            try {
                // a tool call (not a model call): the stop must not interrupt it
                inTool.countDown();
                stopSent.await();
                tool.set(Thread.currentThread().isInterrupted() ? "interrupted" : "finished");
                stoppedBeforeNextTurn.set(TurnStops.stopped());
            } catch (InterruptedException e) {
                tool.set("interrupted");
            } finally {
                TurnStops.disarm();
            }
        });
        agent.start();
        assertThat(inTool.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(TurnStops.stop(agent)).isTrue();
        stopSent.countDown();

        agent.join(10_000);
        assertThat(tool.get()).isEqualTo("finished");
        assertThat(stoppedBeforeNextTurn.get()).isTrue();
    }

    @Test
    void aThreadNotOnATaskCannotBeStoppedAndAStopEndsWithItsTask() {
        Thread idle = new Thread(() -> { });
        assertThat(TurnStops.stop(idle)).isFalse();

        TurnStops.arm();
        assertThat(TurnStops.stop(Thread.currentThread())).isTrue();
        assertThat(TurnStops.stopped()).isTrue();
        TurnStops.disarm();

        assertThat(TurnStops.stopped()).isFalse();
        assertThatThrownBy(() -> TurnStops.modelCall(() -> {
            throw new IllegalStateException("unarmed calls go straight through");
        })).hasMessage("unarmed calls go straight through");
    }
}
