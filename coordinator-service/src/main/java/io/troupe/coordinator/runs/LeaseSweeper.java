package io.troupe.coordinator.runs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.config.CoordinatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
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
    private ScheduledExecutorService timer;

    public LeaseSweeper(TaskBoard board, RunStore runs, TaskService tasks, Dispatcher dispatcher, RunLocks locks,
                        CoordinatorConfig config, QueueReconciler queue) {
        this.board = board;
        this.runs = runs;
        this.tasks = tasks;
        this.dispatcher = dispatcher;
        this.locks = locks;
        this.config = config;
        this.queue = queue;
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

    /** One sweep: expired leases, run time limits, then READY queue tasks nobody took. */
    public void sweep() {
        Instant now = Instant.now();
        for (BoardTask expired : board.expiredLeases(now)) {
            tasks.expire(expired);
        }
        for (Run run : runs.withStatus(RunStatus.RUNNING)) {
            Instant deadline = run.deadline();
            if (deadline != null && !deadline.isAfter(now)) {
                locks.withRun(run.id(), () -> dispatcher.finish(run, RunStatus.TIMED_OUT,
                        "the run did not finish within its time limit of " + run.settings().limits().runTimeout()));
            }
        }
        queue.reconcile(now);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // A failed sweep (database or broker away) is retried at the next tick.
            LOG.warnf(e, "lease sweep failed; retrying in %s", config.board().sweepInterval());
        }
    }
}
