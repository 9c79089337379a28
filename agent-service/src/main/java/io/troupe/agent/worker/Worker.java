package io.troupe.agent.worker;

import io.troupe.agent.loop.TurnStops;
import io.troupe.protocol.events.InboxMessage.Assignment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One agent: its own thread, so it does one task at a time, in the order it was given them;
 * further assignments queue behind the current one.
 */
public final class Worker {
    private static final Logger LOG = Logger.getLogger(Worker.class);

    private final String id;
    private final ExecutorService thread;
    private final AtomicLong tasksDone = new AtomicLong();
    private final AtomicLong tasksFailed = new AtomicLong();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean reserved = new AtomicBoolean();
    private volatile Assignment current;
    private volatile Thread runner;

    public Worker(String id) {
        this.id = id;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, id);
            t.setDaemon(true);
            return t;
        });
    }

    public String id() {
        return id;
    }

    /**
     * Queues {@code assignment}; {@code work} runs on this agent's thread. The future completes
     * when the work is done, or exceptionally with what made it fail.
     */
    public CompletableFuture<Void> submit(Assignment assignment, BiConsumer<String, Assignment> work) {
        queued.incrementAndGet();
        return CompletableFuture.runAsync(() -> run(assignment, work), thread);
    }

    /**
     * Queues {@code work} of run {@code runId} that is not a task (an idle turn of a run in rounds) on this
     * agent's thread, behind what it has; the future completes with its result.
     */
    public <T> CompletableFuture<T> call(String runId, java.util.function.Supplier<T> work) {
        queued.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> {
            queued.decrementAndGet();
            MDC.put("runId", runId);
            MDC.put("agentId", id);
            try {
                return work.get();
            } finally {
                MDC.remove("runId");
                MDC.remove("agentId");
            }
        }, thread);
    }

    private void run(Assignment assignment, BiConsumer<String, Assignment> work) {
        queued.decrementAndGet();
        TurnStops.arm();
        current = assignment;
        runner = Thread.currentThread();
        MDC.put("runId", assignment.runId());
        MDC.put("taskId", assignment.task().id());
        MDC.put("agentId", id);
        LOG.infof("agent %s: IDLE -> WORKING (runId=%s taskId=%s agentId=%s)", id, assignment.runId(),
                assignment.task().id(), id);
        try {
            work.accept(id, assignment);
            tasksDone.incrementAndGet();
        } catch (RuntimeException e) {
            tasksFailed.incrementAndGet();
            LOG.errorf(e, "task failed: %s (runId=%s taskId=%s agentId=%s)", e.getMessage(), assignment.runId(),
                    assignment.task().id(), id);
            throw e;
        } finally {
            current = null;
            runner = null;
            // A stop meant for this task (its run ended) must not reach the next one.
            TurnStops.disarm();
            LOG.infof("agent %s: WORKING -> IDLE (runId=%s taskId=%s agentId=%s)", id, assignment.runId(),
                    assignment.task().id(), id);
            MDC.remove("runId");
            MDC.remove("taskId");
            MDC.remove("agentId");
        }
    }

    /**
     * Stops the current task if it belongs to {@code runId}: a model call in it ends at once, a tool call is
     * let finish, and the agent gives the task up before its next turn (see {@link TurnStops}); true if there
     * was one.
     */
    public boolean stopRun(String runId) {
        Assignment now = current;
        Thread thread = runner;
        if (now == null || thread == null || !now.runId().equals(runId)) {
            return false;
        }
        return TurnStops.stop(thread);
    }

    /** Assignments waiting behind the current one. */
    public int queuedCount() {
        return queued.get();
    }

    /** Neither working nor with assignments waiting. */
    public boolean idle() {
        return current == null && queued.get() == 0;
    }

    /**
     * Reserves this idle agent for one task it is about to take (from the queue or a board), so
     * that two of its task seekers do not both take one; false if it is busy or reserved already.
     * {@link #unreserve()} once the task is done or none was taken.
     */
    public boolean tryReserve() {
        if (!idle() || !reserved.compareAndSet(false, true)) {
            return false;
        }
        if (!idle()) {
            reserved.set(false);
            return false;
        }
        return true;
    }

    public void unreserve() {
        reserved.set(false);
    }

    /**
     * Waits until {@code work} is done, or {@code stillWanted} says to stop waiting (shutdown);
     * never throws for the work's failure, which the worker already logged and counted.
     */
    public static void awaitDone(CompletableFuture<Void> work, java.util.function.BooleanSupplier stillWanted) {
        while (!work.isDone() && stillWanted.getAsBoolean()) {
            try {
                work.get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException
                     | java.util.concurrent.CancellationException e) {
                // not done yet, or done with a failure
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public AgentView view() {
        Assignment now = current;
        return new AgentView(id, now == null ? AgentState.IDLE : AgentState.WORKING,
                now == null ? null : now.runId(), now == null ? null : now.task().id(),
                tasksDone.get(), tasksFailed.get(), queued.get());
    }

    /** Stops the agent's thread, interrupting its current task. */
    public void stop() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
