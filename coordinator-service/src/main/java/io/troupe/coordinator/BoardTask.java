package io.troupe.coordinator;

import java.time.Instant;

/**
 * One task of one run as the board holds it. {@code assignee} is the agent the run's architecture
 * planned for it (if any); {@code agent} is its owner once claimed. A claim grants a lease: its
 * {@code leaseEpoch} (a fencing token that grows with every claim of the task) must be presented to
 * renew it before {@code leaseExpiresAt} and to complete the task. {@code attempts} counts the
 * leases lost on the task. The methods decide a change without applying it: the board applies a
 * {@link TaskTransition} as a compare-and-set on the version.
 */
public record BoardTask(String runId, String taskId, int seq, TaskState state, String assignee, String agent,
                        long version, Instant updatedAt, int attempts, long leaseEpoch, Instant leaseExpiresAt) {

    /** A task as created with its run: PENDING, never claimed. */
    public static BoardTask pending(String runId, String taskId, int seq, String assignee, Instant at) {
        return new BoardTask(runId, taskId, seq, TaskState.PENDING, assignee, null, 0, at, 0, 0, null);
    }

    public TaskTransition ready() {
        return transition(state.ready(), null, leaseEpoch, null, attempts);
    }

    /** What a claim of this task by {@code agentId} means; a won claim holds a lease until {@code expiresAt}. */
    public Claim claimBy(String agentId, Instant expiresAt) {
        return switch (state) {
            case READY -> new Claim.Apply(transition(state.claim(), agentId, leaseEpoch + 1, expiresAt, attempts));
            case CLAIMED -> agentId.equals(agent) ? new Claim.Held(this) : new Claim.Conflict(this);
            case PENDING, DONE, FAILED -> new Claim.Blocked(this);
        };
    }

    /**
     * What a renewal by {@code agentId} presenting {@code epoch} means; a null epoch stands for
     * the current one (allowed only to an owner that never learned it, see the run service).
     */
    public Renewal renewalBy(String agentId, Long epoch, Instant expiresAt) {
        if (holds(agentId, epoch)) {
            return new Renewal.Apply(transition(state.renew(), agent, leaseEpoch, expiresAt, attempts));
        }
        return new Renewal.Stale(this);
    }

    /**
     * What completing this task on behalf of {@code agentId} presenting lease {@code epoch} means.
     * A null epoch is the owner's own word (the preassigned agent, which is never told its epoch):
     * refused as {@link Completion.NotOwned} unless the agent owns the task.
     */
    public Completion completionBy(String agentId, Long epoch) {
        boolean owner = agentId.equals(agent) && (epoch == null || epoch == leaseEpoch);
        if (state == TaskState.CLAIMED && owner) {
            return new Completion.Apply(transition(state.complete(), agent, leaseEpoch, null, attempts));
        }
        if (state == TaskState.DONE && owner) {
            return new Completion.AlreadyDone(this);
        }
        return epoch == null ? new Completion.NotOwned(this) : new Completion.Stale(this);
    }

    /** The owner's own completion, without an epoch. */
    public Completion completionBy(String agentId) {
        return completionBy(agentId, null);
    }

    /** Whether the lease ran out by {@code now}. */
    public boolean leaseExpired(Instant now) {
        return state == TaskState.CLAIMED && leaseExpiresAt != null && !leaseExpiresAt.isAfter(now);
    }

    /**
     * The lease ran out: back to READY for another try, or FAILED once {@code maxAttempts} leases
     * were lost.
     */
    public TaskTransition expire(int maxAttempts) {
        int lost = attempts + 1;
        TaskState to = lost >= maxAttempts ? state.fail() : state.expire();
        return transition(to, null, leaseEpoch, null, lost);
    }

    /** This task after {@code t} was applied to it at {@code at}. */
    public BoardTask with(TaskTransition t, Instant at) {
        if (!t.taskId().equals(taskId) || t.from() != state || t.expectedVersion() != version) {
            throw new IllegalArgumentException(t + " does not apply to " + this);
        }
        return new BoardTask(runId, taskId, seq, t.to(), assignee, t.agent(), version + 1, at, t.attempts(),
                t.leaseEpoch(), t.leaseExpiresAt());
    }

    private boolean holds(String agentId, Long epoch) {
        return state == TaskState.CLAIMED && agentId.equals(agent) && (epoch == null || epoch == leaseEpoch);
    }

    private TaskTransition transition(TaskState to, String owner, long epoch, Instant expiresAt, int lost) {
        return new TaskTransition(runId, taskId, state, to, version, owner, epoch, expiresAt, lost);
    }

    /** The outcome of deciding a claim. */
    public sealed interface Claim {
        /** The task is READY: the claimant takes it. */
        record Apply(TaskTransition transition) implements Claim {
        }

        /** The claimant already holds it: a repeated request, answered with the current lease. */
        record Held(BoardTask task) implements Claim {
        }

        /** Another agent holds it. */
        record Conflict(BoardTask task) implements Claim {
        }

        /** It is not READY (PENDING, DONE or FAILED). */
        record Blocked(BoardTask task) implements Claim {
        }
    }

    /** The outcome of deciding a renewal. */
    public sealed interface Renewal {
        record Apply(TaskTransition transition) implements Renewal {
        }

        /** The requester holds no current lease on the task. */
        record Stale(BoardTask task) implements Renewal {
        }
    }

    /** The outcome of deciding a completion request. */
    public sealed interface Completion {
        /** The owner completes its task. */
        record Apply(TaskTransition transition) implements Completion {
        }

        /** The owner already completed it: a redelivered request, answered without change. */
        record AlreadyDone(BoardTask task) implements Completion {
        }

        /** The task is not CLAIMED by the requester (who presented no epoch). */
        record NotOwned(BoardTask task) implements Completion {
        }

        /** The epoch presented is not the task's current lease: the requester lost it. */
        record Stale(BoardTask task) implements Completion {
        }
    }
}
