package io.troupe.protocol.clock;

import java.time.Instant;
import java.util.List;

/**
 * What agents of a run on the run clock and the coordinator exchange over HTTP (see
 * {@link io.troupe.protocol.ClockKind#RUN}): {@code POST /api/runs/{run}/clock/timers} a model
 * turn's {@link TimerRequest}, answered with a {@link TimerAnswer} once the run's clock has moved
 * that far (or, after a while, not yet fired: poll {@code GET /api/runs/{run}/clock/timers/{id}});
 * {@code POST /api/runs/{run}/clock/state} a {@link StateReport} when an agent starts a task, has
 * nothing left to do or leaves the run, answered with the run's time ({@link Reading}).
 */
public final class ClockCalls {
    private ClockCalls() {
    }

    /** {@code millis} of model time for the agent's turn on {@code task}. */
    public record TimerRequest(String task, long millis) {
    }

    /**
     * A timer and whether it has fired; {@code at} is the run's time when it fired (null until then),
     * {@code due} when it falls due (null while a turn of a run in rounds waits for its round to
     * begin). {@code round} is the round the turn belongs to (null in event-driven runs).
     * {@code declined}: an idle turn (no {@code task}) of a run in rounds that was not taken, because a
     * task is claimed for the agent that it has not started: it starts that task instead, whose first
     * model turn is its turn of the round.
     */
    public record TimerAnswer(long timer, boolean fired, Instant due, Instant at, Integer round, boolean declined) {

        /** A timer of an event-driven run. */
        public TimerAnswer(long timer, boolean fired, Instant due, Instant at) {
            this(timer, fired, due, at, null, false);
        }
    }

    /** What an agent now does: {@link AgentState}; {@code task} it starts, {@code abandoned} tasks it gave up. */
    public record StateReport(AgentState state, String task, List<String> abandoned) {
        public StateReport {
            abandoned = abandoned == null ? List.of() : List.copyOf(abandoned);
        }
    }

    /** The run's time when a report was taken. */
    public record Reading(Instant now) {
    }

    /** What an agent tells the clock about itself. */
    public enum AgentState {
        /** It starts real work on a task (tool calls and tests follow). */
        WORKING,
        /** It has nothing to do. */
        IDLE,
        /** It left the run (crashed) and takes no more of its tasks. */
        LEFT
    }
}
