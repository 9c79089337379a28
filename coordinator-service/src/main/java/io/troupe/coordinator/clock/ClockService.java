package io.troupe.coordinator.clock;

import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.board.RunStore;
import io.troupe.protocol.clock.ClockCalls;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What agents ask of a run's clock: wait for a model turn, say what they do. A wait is answered
 * when the timer fires, or after {@link #LONG_POLL} with the timer not yet fired (the agent then
 * asks again by the timer's id), so that no request stays open for a whole long stall.
 */
@ApplicationScoped
public class ClockService {
    /** How long one request waits for its timer before it is answered "not yet". */
    static final Duration LONG_POLL = Duration.ofSeconds(20);
    /** The longest model turn a timer may be asked for (a stalled turn of a slow model included). */
    public static final Duration MAX_TURN = Duration.ofDays(1);
    private static final int MAX_ID = 64;
    private static final int MAX_ABANDONED = 1000;

    private final RunClocks clocks;
    private final RunStore runs;

    public ClockService(RunClocks clocks, RunStore runs) {
        this.clocks = clocks;
        this.runs = runs;
    }

    /**
     * The clock of a run for {@code agentId}, which the caller checked is on the run's team (the
     * resource derives it from the credential with {@code RunAccess#agentOf}).
     */
    private RunClock clockFor(String runId, String agentId) {
        Run run = runs.find(runId).orElseThrow(() -> new ProblemException(ProblemType.RUN_NOT_FOUND, "there is no "
                + "run '" + runId
                + "'; GET /api/runs lists the runs"));
        if (!run.settings().hasClock()) {
            throw new ProblemException(ProblemType.NOT_ON_RUN_CLOCK, "run " + runId + " keeps "
                    + "the wall clock (its model is real, or it asked for 'clock': 'wall') and is event-driven: "
                    + "call the model and wait in real time", Map.of("runId", runId));
        }
        if (run.status() != RunStatus.RUNNING) {
            throw ended(runId, run.status().code());
        }
        return clocks.clock(run).orElseThrow(() -> ended(runId, "ended"));
    }

    /** The run's time and its members' states, for anyone looking. */
    public RunClock clock(String runId) {
        return clocks.clock(runId).orElseThrow(() -> new ProblemException(ProblemType.NOT_ON_RUN_CLOCK, "run "
                + runId + " has no clock of its own (it keeps the wall clock, or "
                + "it has ended)", Map.of("runId", runId)));
    }

    /** Schedules {@code agentId}'s model turn and waits (up to the long poll) for it to fire. */
    public CompletionStage<ClockCalls.TimerAnswer> sleep(String runId, String agentId,
                                                         ClockCalls.TimerRequest request) {
        if (request == null || request.millis() < 0 || request.millis() > MAX_TURN.toMillis()
                || request.task() != null && request.task().length() > MAX_ID) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "send {\"task\": \"t1\", \"millis\": n} with n the "
                    + "turn's model "
                    + "latency in milliseconds, 0 to " + MAX_TURN.toMillis() + ", and a task id of at most " + MAX_ID
                    + " characters");
        }
        RunClock clock = clockFor(runId, agentId);
        RunClock.Scheduled scheduled = clock.sleep(agentId, request.task(), Duration.ofMillis(request.millis()));
        clocks.apply(clock, scheduled.tick());
        return await(runId, clock, scheduled.timer());
    }

    /** Waits again (up to the long poll) for the timer {@code id} of {@code agentId}. */
    public CompletionStage<ClockCalls.TimerAnswer> await(String runId, String agentId, long id) {
        RunClock clock = clockFor(runId, agentId);
        RunClock.Timer timer = clock.timer(id).filter(t -> t.agentId().equals(agentId))
                .orElseThrow(() -> new ProblemException(ProblemType.TIMER_NOT_FOUND, "run " + runId + " has no "
                        + "timer " + id + " of "
                        + agentId + " (a timer is forgotten a while after it fired); schedule the turn again"));
        return await(runId, clock, timer);
    }

    private CompletionStage<ClockCalls.TimerAnswer> await(String runId, RunClock clock, RunClock.Timer asked) {
        return asked.fired().copy().orTimeout(LONG_POLL.toMillis(), TimeUnit.MILLISECONDS)
                .handle((at, failure) -> {
                    // A turn of a run in rounds is scheduled (given its due time and round) when its round begins.
                    RunClock.Timer timer = clock.timer(asked.id()).orElse(asked);
                    Integer round = clock.inRounds() ? Integer.valueOf(timer.round()) : null;
                    if (failure == null) {
                        return new ClockCalls.TimerAnswer(timer.id(), true, timer.due(), at, round, false);
                    }
                    Throwable cause = failure instanceof CompletionException c
                            && c.getCause() != null ? c.getCause() : failure;
                    if (cause instanceof TimeoutException) {
                        return new ClockCalls.TimerAnswer(timer.id(), false, timer.due(), null, round, false);
                    }
                    if (cause instanceof RunClock.TurnDeclinedException) {
                        return new ClockCalls.TimerAnswer(timer.id(), true, null, clock.now(), clock.round(), true);
                    }
                    if (cause instanceof RunClock.RunEndedException) {
                        throw ended(runId, "over");
                    }
                    throw new CompletionException(cause);
                });
    }

    /** Records what {@code agentId} now does; the run's time. */
    public ClockCalls.Reading report(String runId, String agentId, ClockCalls.StateReport report) {
        if (report == null || report.state() == null || report.task() != null && report.task().length() > MAX_ID
                || report.abandoned().size() > MAX_ABANDONED
                || report.abandoned().stream().anyMatch(t -> t == null || t.length() > MAX_ID)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "send {\"state\": \"WORKING\", \"task\": \"t1\"}, "
                    + "{\"state\": "
                    + "\"IDLE\", \"abandoned\": []} or {\"state\": \"LEFT\"}; task ids of at most " + MAX_ID
                    + " characters, at most " + MAX_ABANDONED + " abandoned");
        }
        RunClock clock = clockFor(runId, agentId);
        Instant now = switch (report.state()) {
            case WORKING -> clock.working(agentId, report.task());
            case IDLE -> {
                clocks.apply(clock, clock.idle(agentId, report.abandoned()));
                yield clock.now();
            }
            case LEFT -> {
                clocks.apply(clock, clock.left(agentId));
                yield clock.now();
            }
        };
        return new ClockCalls.Reading(now);
    }

    private static ProblemException ended(String runId, String status) {
        return new ProblemException(ProblemType.RUN_FINISHED, "run " + runId + " is " + status
                + ": its clock has stopped and no turn of it is waited for any more", Map.of("runId", runId));
    }
}
