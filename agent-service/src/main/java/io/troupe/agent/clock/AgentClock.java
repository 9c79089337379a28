package io.troupe.agent.clock;

import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.Retries;
import io.troupe.protocol.clock.ClockCalls;
import io.troupe.protocol.clock.ClockCalls.AgentState;
import io.troupe.protocol.events.InboxMessage.Assignment;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The agents' side of the run clock (see {@link io.troupe.protocol.ClockKind#RUN}): a simulated
 * agent of a run on the run clock does not sleep its model's latency but waits on a timer of the
 * coordinator's clock, and tells the clock when it starts a task and when it has nothing to do.
 * Between two readings it gets from the coordinator it is WORKING, so the run's clock follows real
 * time and the agent's reading is the last one plus the real time since: that is the time its
 * events and its workspace requests carry. Agents of runs on the wall clock read the wall clock.
 * Agents of a run in rounds wait on the same timers for their turns (the coordinator's barrier; see
 * {@link io.troupe.protocol.Execution#ROUNDS}), with a latency of 0 before a real model's call.
 */
@ApplicationScoped
public class AgentClock {
    private static final Logger LOG = Logger.getLogger(AgentClock.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration PAUSE = Duration.ofMillis(250);

    private final CoordinatorClient coordinator;
    /** run/agent to the last reading of its run's clock and when (real monotonic time) it was taken. */
    private final Map<String, Sync> syncs = new ConcurrentHashMap<>();
    /** run/agent to the model time its last timer asked for. */
    private final Map<String, Duration> lastTurns = new ConcurrentHashMap<>();

    private record Sync(Instant at, long nanos) {
        Instant now() {
            return at.plusNanos(System.nanoTime() - nanos);
        }
    }

    public AgentClock(CoordinatorClient coordinator) {
        this.coordinator = coordinator;
    }

    /** The time of {@code runId} now, as {@code agentId} reads it. */
    public Instant now(String runId, String agentId) {
        Sync sync = syncs.get(key(runId, agentId));
        return sync == null ? Instant.now() : sync.now();
    }

    /** The time to send with {@code agentId}'s requests about {@code runId}, if it keeps a run clock. */
    public Optional<Instant> runTime(String runId, String agentId) {
        Sync sync = syncs.get(key(runId, agentId));
        return sync == null ? Optional.empty() : Optional.of(sync.now());
    }

    /** {@code agentId} starts {@code assignment}'s task; the run's time. */
    public Instant working(Assignment assignment, String agentId) {
        return report(assignment, agentId, new ClockCalls.StateReport(AgentState.WORKING, assignment.task().id(),
                List.of()));
    }

    /** {@code agentId} has nothing more to do in the run (it gave up {@code abandoned}); the run's time. */
    public Instant idle(Assignment assignment, String agentId, List<String> abandoned) {
        return reportQuietly(assignment, agentId, new ClockCalls.StateReport(AgentState.IDLE, null, abandoned));
    }

    /** {@code agentId} left the run (it crashed); the run's time. */
    public Instant left(Assignment assignment, String agentId) {
        return reportQuietly(assignment, agentId, new ClockCalls.StateReport(AgentState.LEFT, null, List.of()));
    }

    /**
     * Reports that the agent stops working; a refusal (the run ended meanwhile) or a failed call only
     * costs the clock real time (it takes the agent as working until told otherwise), so it is logged.
     */
    private Instant reportQuietly(Assignment assignment, String agentId, ClockCalls.StateReport report) {
        try {
            return report(assignment, agentId, report);
        } catch (RuntimeException e) {
            LOG.infof("run clock not told that the agent is %s: %s (runId=%s agentId=%s)", report.state(),
                    e.getMessage(), assignment.runId(), agentId);
            return now(assignment.runId(), agentId);
        }
    }

    /**
     * Waits for {@code latency} of {@code runId}'s time on behalf of {@code agentId}'s model turn on
     * {@code taskId}: the coordinator answers when its clock has moved that far.
     */
    public ClockCalls.TimerAnswer turn(String runId, String agentId, String taskId, Duration latency) {
        ClockCalls.TimerAnswer fired = whileAway(runId, agentId,
                () -> coordinator.sleep(runId, agentId, taskId, latency));
        syncs.put(key(runId, agentId), new Sync(fired.at(), System.nanoTime()));
        lastTurns.put(key(runId, agentId), latency);
        return fired;
    }

    /**
     * The model time {@code agentId}'s last turn in {@code runId} took: what its timer asked for (in rounds
     * the turn may have waited for its round to begin first, which is not the model's time).
     */
    public Optional<Duration> lastTurn(String runId, String agentId) {
        return Optional.ofNullable(lastTurns.get(key(runId, agentId)));
    }

    private Instant report(Assignment assignment, String agentId, ClockCalls.StateReport report) {
        if (!assignment.settingsOrNone().onRunClock() && !assignment.settingsOrNone().inRounds()) {
            return Instant.now();
        }
        Instant at = whileAway(assignment.runId(), agentId,
                () -> coordinator.report(assignment.runId(), agentId, report)).now();
        // Taken as read when the answer arrived, so the agent's reading is never ahead of the run's
        // clock (at most a round trip behind): a turn measured from it is never shorter than its timer.
        syncs.put(key(assignment.runId(), agentId), new Sync(at, System.nanoTime()));
        return at;
    }

    /**
     * A restarting coordinator is waited for (it rebuilds the run's clock from the board), as a
     * completion is: giving the task up would redo its work.
     */
    private static <T> T whileAway(String runId, String agentId, java.util.function.Supplier<T> call) {
        return Retries.whileAway(PATIENCE, PAUSE, call, e -> LOG.warnf("the coordinator is away (%s); asking "
                + "the run's clock again (runId=%s agentId=%s)", e.getMessage(), runId, agentId));
    }

    private static String key(String runId, String agentId) {
        return runId + "/" + agentId;
    }
}
