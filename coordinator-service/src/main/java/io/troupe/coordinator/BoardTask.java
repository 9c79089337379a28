package io.troupe.coordinator;

import java.time.Instant;

/**
 * One task of one run as the board holds it. {@code assignee} is the agent the run's architecture
 * planned for it (if any); {@code agent} is its owner once claimed. The methods decide a change
 * without applying it: the board applies a {@link TaskTransition} as a compare-and-set.
 */
public record BoardTask(String runId, String taskId, int seq, TaskState state, String assignee, String agent,
                        long version, Instant updatedAt) {

    public TaskTransition ready() {
        return new TaskTransition(runId, taskId, state, state.ready(), version, agent);
    }

    public TaskTransition claimBy(String agentId) {
        return new TaskTransition(runId, taskId, state, state.claim(), version, agentId);
    }

    /** This task after {@code t} was applied to it at {@code at}. */
    public BoardTask with(TaskTransition t, Instant at) {
        if (!t.taskId().equals(taskId) || t.from() != state || t.expectedVersion() != version) {
            throw new IllegalArgumentException(t + " does not apply to " + this);
        }
        return new BoardTask(runId, taskId, seq, t.to(), assignee, t.agent(), version + 1, at);
    }

    /** What completing this task on behalf of {@code agentId} means. */
    public Completion completionBy(String agentId) {
        if (state == TaskState.CLAIMED && agentId.equals(agent)) {
            return new Completion.Apply(new TaskTransition(runId, taskId, state, state.complete(), version, agent));
        }
        if (state == TaskState.DONE && agentId.equals(agent)) {
            return new Completion.AlreadyDone(this);
        }
        return new Completion.NotOwned(this);
    }

    /** The outcome of deciding a completion request. */
    public sealed interface Completion {
        /** The owner completes its task. */
        record Apply(TaskTransition transition) implements Completion {
        }

        /** The owner already completed it: a redelivered request, answered without change. */
        record AlreadyDone(BoardTask task) implements Completion {
        }

        /** The task is not CLAIMED by the requester. */
        record NotOwned(BoardTask task) implements Completion {
        }
    }
}
