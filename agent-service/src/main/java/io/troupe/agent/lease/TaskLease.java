package io.troupe.agent.lease;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An agent's hold on the task it works on, as far as it knows: the lease epoch it presents
 * (null while unknown: a preassigned task before its first renewal), and whether it lost the
 * task (the coordinator answered {@code stale-lease}). Thread-safe: the renewer updates it while
 * the agent works. A renewal and the completion never overlap: a renewal that reached the
 * coordinator after the completion would be refused as stale and recorded as an incident.
 */
public class TaskLease implements AutoCloseable {
    private final String runId;
    private final String taskId;
    private final String agentId;
    private volatile Long epoch;
    private volatile Instant expiresAt;
    private volatile String lostReason;
    private volatile boolean closed;
    private final Object calls = new Object();

    public TaskLease(String runId, String taskId, String agentId, Long epoch, Instant expiresAt) {
        this.runId = runId;
        this.taskId = taskId;
        this.agentId = agentId;
        this.epoch = epoch;
        this.expiresAt = expiresAt;
    }

    /** A task held without a lease the agent knows of (tests, a coordinator without leases). */
    public static TaskLease unknown(String runId, String taskId, String agentId) {
        return new TaskLease(runId, taskId, agentId, null, null);
    }

    public String runId() {
        return runId;
    }

    public String taskId() {
        return taskId;
    }

    public String agentId() {
        return agentId;
    }

    /** The epoch to present; null if the agent never learned it. */
    public Long epoch() {
        return epoch;
    }

    /** When the lease runs out as last granted; null if unknown. */
    public Instant expiresAt() {
        return expiresAt;
    }

    void renewed(long newEpoch, Instant newExpiresAt) {
        this.epoch = newEpoch;
        this.expiresAt = newExpiresAt;
    }

    /** The coordinator says the agent does not hold the task any more. */
    public void lose(String reason) {
        if (lostReason == null) {
            lostReason = reason;
        }
    }

    public boolean lost() {
        return lostReason != null;
    }

    /** Why the task was lost; null if it was not. */
    public String lostReason() {
        return lostReason;
    }

    /** Runs {@code renewal} unless the task is done or lost; not while the task is being completed. */
    public <T> Optional<T> whileHeld(Supplier<T> renewal) {
        synchronized (calls) {
            if (closed || lost()) {
                return Optional.empty();
            }
            return Optional.of(renewal.get());
        }
    }

    /**
     * Runs {@code completion} once no renewal is under way, and ends the renewals if it succeeded;
     * if it throws, the lease is kept as before.
     */
    public void complete(Runnable completion) {
        synchronized (calls) {
            completion.run();
            closed = true;
        }
    }

    /** The agent is done with the task (completed or gave it up): no more renewals. */
    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
