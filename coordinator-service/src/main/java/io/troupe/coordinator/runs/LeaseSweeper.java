package io.troupe.coordinator.runs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.clock.RunClocks;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.architecture.Architecture;
import io.troupe.coordinator.board.TeamStore;
import io.troupe.coordinator.config.CoordinatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every {@code troupe.board.sweep-interval}: expires the leases that ran out (see
 * {@link TaskService#expire}), ends the RUNNING runs past their time limit as TIMED_OUT, and offers
 * again the READY tasks of queue runs that no agent took ({@link QueueReconciler}). Works
 * from the database, so a restarted coordinator picks up where the last one stopped.
 */
@ApplicationScoped
public class LeaseSweeper {
    private static final Logger LOG = Logger.getLogger(LeaseSweeper.class);

    private final TaskBoard board;
    private final RunStore runs;
    private final TaskService tasks;
    private final Dispatcher dispatcher;
    private final RunLocks locks;
    private final CoordinatorConfig config;
    private final QueueReconciler queue;
    private final RunClocks clocks;
    private final TeamStore teams;
    private ScheduledExecutorService timer;

    public LeaseSweeper(TaskBoard board, RunStore runs, TaskService tasks, Dispatcher dispatcher, RunLocks locks,
                        CoordinatorConfig config, QueueReconciler queue, RunClocks clocks,
                        TeamStore teams) {
        this.teams = teams;
        this.board = board;
        this.runs = runs;
        this.tasks = tasks;
        this.dispatcher = dispatcher;
        this.locks = locks;
        this.config = config;
        this.queue = queue;
        this.clocks = clocks;
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = config.board().sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One sweep: expired leases, run time limits, and READY queue tasks nobody took. */
    public void sweep() {
        java.util.Set<String> live = dispatcher.liveAgents();
        for (Run run : runs.withStatus(RunStatus.RUNNING)) {
            expireGoneAgents(run, live);
            // The run's own time: a simulated run's clock is ahead of the wall's, and its leases with it.
            Instant now = clocks.now(run);
            board.expiredLeases(run.id(), now).forEach(tasks::expire);
            Instant deadline = run.deadline();
            if (deadline != null && !deadline.isAfter(now)) {
                locks.withRun(run.id(), () -> dispatcher.finish(run, RunStatus.TIMED_OUT,
                        "the run did not finish within its time limit of " + run.settings().limits().runTimeout()));
            }
        }
        queue.reconcile(Instant.now());
    }

    /**
     * In a preassigned run, the tasks held by an agent whose heartbeats stopped while a teammate's go
     * on are handed to a live teammate at once: the agent will not renew them, and the tasks it was
     * assigned but had not started hold a long assignment lease. (Runs whose agents are not heard
     * from at all, and other architectures, wait for the leases to run out.)
     */
    private void expireGoneAgents(Run run, java.util.Set<String> live) {
        if (Architecture.byName(run.architecture()).orElse(null) != Architecture.PREASSIGNED || live.isEmpty()) {
            return;
        }
        List<BoardTask> held = board.tasks(run.id()).stream()
                .filter(t -> t.state() == TaskState.CLAIMED && t.agent() != null && !live.contains(t.agent()))
                .toList();
        if (held.isEmpty() || teams.team(run.id()).stream().noneMatch(m -> live.contains(m.agentId()))) {
            return;
        }
        for (BoardTask task : held) {
            LOG.infof("agent gone, its task is handed out again runId=%s taskId=%s agentId=%s", run.id(),
                    task.taskId(), task.agent());
            tasks.expireGone(task);
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // A failed sweep (the database away) is retried at the next tick.
            LOG.warnf(e, "lease sweep failed; retrying in %s", config.board().sweepInterval());
        }
    }
}
