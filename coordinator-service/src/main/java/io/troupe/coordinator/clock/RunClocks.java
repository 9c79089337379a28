package io.troupe.coordinator.clock;

import io.quarkus.runtime.ShutdownEvent;
import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.TeamMember;
import io.troupe.coordinator.architecture.Architecture;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.board.TeamStore;
import io.troupe.protocol.Execution;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The clocks of the running simulated runs (see {@link RunClock}): each run on the run clock has
 * one, made when the run starts or, after a restart, from the board (the clock resumes at the
 * run's latest recorded time; every member is taken as idle, and every CLAIMED task as owed to its
 * agent until the agent starts it again). Learns of the board's changes from the task events the
 * coordinator publishes, and wakes each clock when its next timer falls due in real time.
 * Every time the coordinator stamps on a run comes from {@link #now(Run)}.
 */
@ApplicationScoped
public class RunClocks {
    private static final Logger LOG = Logger.getLogger(RunClocks.class);

    private final RunStore runs;
    private final TaskBoard board;
    private final TeamStore teams;
    private final Event<RoundsUsedUp> usedUp;
    private final Map<String, RunClock> clocks = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> wakeUps = new ConcurrentHashMap<>();
    /** The runs whose end this process published: their clocks are never made again. */
    private final java.util.Set<String> ended = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "run-clocks");
        t.setDaemon(true);
        return t;
    });

    /** A run in rounds used its last round ({@code limits.maxRounds}) without completing. */
    public record RoundsUsedUp(String runId, int rounds) {
    }

    public RunClocks(RunStore runs, TaskBoard board, TeamStore teams, Event<RoundsUsedUp> usedUp) {
        this.runs = runs;
        this.board = board;
        this.teams = teams;
        this.usedUp = usedUp;
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /** Starts the clock of {@code run} at {@code start}, for its team {@code members}. */
    public RunClock start(Run run, Instant start, Collection<String> members) {
        RunClock clock = make(run, start, members, 1);
        clocks.put(run.id(), clock);
        LOG.infof("run clock started runId=%s members=%s execution=%s", run.id(), members,
                run.settings().execution().wireName());
        return clock;
    }

    private RunClock make(Run run, Instant start, Collection<String> members, int round) {
        if (run.settings().inRounds()) {
            Integer max = run.settings().limits().maxRounds();
            return RunClock.inRounds(run.id(), start, members, max == null ? Execution.DEFAULT_MAX_ROUNDS : max,
                    round, run.settings().onRunClock(), System::nanoTime);
        }
        return new RunClock(run.id(), start, members, takesReadyTasks(run), System::nanoTime);
    }

    /**
     * A run in rounds is ending: its clock begins no further round; the round it ends in (the stored one
     * without a clock); null for an event-driven run.
     */
    public Integer freezeRounds(Run run) {
        if (!run.settings().inRounds()) {
            return null;
        }
        RunClock clock = clocks.get(run.id());
        return clock != null ? Integer.valueOf(clock.freeze()) : run.rounds();
    }

    /** The round a run in rounds is in now (its clock's, else the stored one); null for an event-driven run. */
    public Integer round(Run run) {
        if (!run.settings().inRounds()) {
            return null;
        }
        RunClock clock = clocks.get(run.id());
        return clock != null ? Integer.valueOf(clock.round()) : run.rounds();
    }

    /** The run's time now: its own clock's reading for a run on the run clock, else the wall clock's. */
    public Instant now(Run run) {
        return clock(run).map(RunClock::now).orElseGet(Instant::now);
    }

    /** As {@link #now(Run)}, by id. */
    public Instant now(String runId) {
        RunClock clock = clocks.get(runId);
        if (clock != null) {
            return clock.now();
        }
        return runs.find(runId).map(this::now).orElseGet(Instant::now);
    }

    /** The clock of {@code run} if it is a RUNNING run on the run clock (rebuilt after a restart). */
    public Optional<RunClock> clock(Run run) {
        if (!run.settings().hasClock()) {
            return Optional.empty();
        }
        RunClock clock = clocks.get(run.id());
        if (clock != null || run.status() != RunStatus.RUNNING || ended.contains(run.id())) {
            // (a run whose end is not yet committed when its clock was removed is not resumed)
            return Optional.ofNullable(clock);
        }
        return Optional.of(clocks.computeIfAbsent(run.id(), id -> resume(run)));
    }

    /** The clock of the run with id {@code runId}, if it has one. */
    public Optional<RunClock> clock(String runId) {
        RunClock clock = clocks.get(runId);
        return clock != null ? Optional.of(clock) : runs.find(runId).flatMap(this::clock);
    }

    /** Keeps the clock of the event's run up to date with the board change the event records. */
    public void observe(TaskEvent event) {
        RunClock clock = clocks.get(event.runId());
        if (clock == null) {
            return;
        }
        RunClock.Tick tick = switch (event) {
            case TaskEvent.TaskReady r -> clock.taskReady(r.taskId());
            case TaskEvent.TaskClaimed c -> clock.taskClaimed(c.taskId(), c.agentId());
            case TaskEvent.TaskDone d -> clock.taskEnded(d.taskId());
            case TaskEvent.TaskFailed f -> clock.taskEnded(f.taskId());
            // Back to READY; a preassigned run claims it for its agent again right after.
            case TaskEvent.TaskLeaseExpired e -> clock.taskReady(e.taskId());
            case TaskEvent.TaskClaimBlocked ignored -> RunClock.Tick.NONE;
            case TaskEvent.TaskClaimConflict ignored -> RunClock.Tick.NONE;
            case TaskEvent.TaskLeaseStale ignored -> RunClock.Tick.NONE;
        };
        apply(clock, tick);
    }

    /** Ends the clock of a run that finished: its pending timers fail, so its agents stop waiting. */
    public void observe(RunEvent event) {
        switch (event) {
            case RunEvent.RunStarted ignored -> {
            }
            case RunEvent.RunFinished finished -> {
                ended.add(finished.runId());
                RunClock clock = clocks.remove(finished.runId());
                ScheduledFuture<?> pending = wakeUps.remove(finished.runId());
                if (pending != null) {
                    pending.cancel(false);
                }
                if (clock != null) {
                    clock.end();
                }
            }
        }
    }

    /** Fires what {@code tick} says is due and wakes the clock again when its next timer falls due. */
    public void apply(RunClock clock, RunClock.Tick tick) {
        tick.fire();
        if (tick.roundStarted() > 0) {
            int round = tick.roundStarted();
            timer.execute(() -> recordRound(clock.runId(), round));
        }
        if (tick.roundsUsedUp()) {
            int rounds = clock.round();
            LOG.infof("run used its rounds runId=%s rounds=%d", clock.runId(), rounds);
            timer.execute(() -> usedUp.fire(new RoundsUsedUp(clock.runId(), rounds)));
        }
        tick.wakeUpIn().ifPresent(delay -> {
            ScheduledFuture<?> previous = wakeUps.put(clock.runId(), timer.schedule(() -> wake(clock),
                    Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS));
            if (previous != null) {
                previous.cancel(false);
            }
        });
    }

    private void recordRound(String runId, int round) {
        try {
            runs.recordRound(runId, round);
        } catch (RuntimeException e) {
            LOG.warnf(e, "round not recorded runId=%s round=%d", runId, round);
        }
    }

    private void wake(RunClock clock) {
        try {
            apply(clock, clock.advance());
        } catch (RuntimeException e) {
            LOG.errorf(e, "run clock failed to advance runId=%s", clock.runId());
        }
    }

    private RunClock resume(Run run) {
        List<BoardTask> tasks = board.tasks(run.id());
        Instant latest = tasks.stream().map(BoardTask::updatedAt).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(run.createdAt());
        if (latest.isBefore(run.createdAt())) {
            latest = run.createdAt();
        }
        List<String> members = TeamMember.ids(teams.team(run.id()));
        RunClock clock = make(run, latest, members, run.rounds() == null ? 1 : run.rounds());
        for (BoardTask task : tasks) {
            if (task.state() == TaskState.READY) {
                clock.taskReady(task.taskId());
            } else if (task.state() == TaskState.CLAIMED) {
                clock.taskClaimed(task.taskId(), task.agent());
            }
        }
        LOG.infof("run clock resumed runId=%s at=%s members=%s", run.id(), latest, members);
        return clock;
    }

    private static boolean takesReadyTasks(Run run) {
        return switch (Architecture.byName(run.architecture()).orElse(Architecture.PREASSIGNED)) {
            case DECENTRALIZED, QUEUE, LEAD, DYNAMIC -> true;
            case PREASSIGNED -> false;
        };
    }
}
