package io.troupe.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.suite.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerTest {
    private final Worker worker = new Worker("agent-1");

    @AfterEach
    void stop() {
        worker.stop();
    }

    private static Assignment assignment(String taskId) {
        return new Assignment("run-1", "agent-1", "tiny", new TaskSpec(taskId, taskId, "", List.of(), List.of(),
                List.of()), List.of(), ModelSpec.simulated(0), Instant.now());
    }

    @Test
    void agentDoesOneTaskAtATimeInOrder() throws Exception {
        // Given a first task that holds the agent until released
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

        // When two tasks are submitted
        CompletableFuture<Void> first = worker.submit(assignment("a"), (agent, a) -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            order.add(a.task().id());
            awaitRelease(release);
            running.decrementAndGet();
        });
        CompletableFuture<Void> second = worker.submit(assignment("b"), (agent, a) -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            order.add(a.task().id());
            running.decrementAndGet();
        });

        // Then the agent is WORKING on the first while the second waits
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.view().state() == AgentState.WORKING);
        assertThat(worker.view().taskId()).isEqualTo("a");
        assertThat(worker.view().queued()).isEqualTo(1);
        assertThat(second).isNotDone();
        release.countDown();
        CompletableFuture.allOf(first, second).get(5, TimeUnit.SECONDS);
        assertThat(order).containsExactly("a", "b");
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(worker.view()).isEqualTo(new AgentView("agent-1", AgentState.IDLE, null, null, 2, 0, 0));
    }

    @Test
    void failedTaskCompletesTheFutureExceptionallyAndFreesTheAgent() {
        // When
        CompletableFuture<Void> done = worker.submit(assignment("a"), (agent, a) -> {
            throw new IllegalStateException("workspace down");
        });

        // Then
        await().atMost(Duration.ofSeconds(5)).until(done::isDone);
        assertThat(done).isCompletedExceptionally();
        assertThat(worker.view().state()).isEqualTo(AgentState.IDLE);
        assertThat(worker.view().tasksFailed()).isEqualTo(1);
        assertThat(worker.view().tasksDone()).isZero();
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
