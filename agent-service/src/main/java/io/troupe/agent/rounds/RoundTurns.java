package io.troupe.agent.rounds;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.troupe.agent.board.BoardPicker;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.RunInfo;
import io.troupe.agent.config.AgentConfig;
import io.troupe.agent.loop.AgentLoop;
import io.troupe.agent.model.ChatModels;
import io.troupe.agent.runs.RunCatalog;
import io.troupe.agent.runs.RunDirectory;
import io.troupe.agent.worker.AgentPool;
import io.troupe.agent.worker.Worker;
import io.troupe.protocol.events.RunEvent.RunStarted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The agents' side of runs in rounds (see {@link io.troupe.protocol.Execution#ROUNDS}): a virtual thread
 * per worker that, while the worker has nothing to do and a run in rounds whose team includes it is
 * running, has it take an idle turn ({@link AgentLoop#idleTurn}: one model call, which the coordinator's
 * barrier lets begin once per round) and then, in a {@code decentralized} run, look at the board and
 * claim a READY task ({@link BoardPicker}), as the paper's agents chose their tasks in their replies. A
 * preassigned agent's tasks come through its inbox as in event-driven runs; an idle turn asked for while
 * a task is claimed for it is declined by the coordinator, and the agent starts that task instead. Every
 * model turn of a task waits on the same barrier, so a member takes exactly one turn per round.
 */
@ApplicationScoped
public class RoundTurns {
    private static final Logger LOG = Logger.getLogger(RoundTurns.class);

    private final AgentPool pool;
    private final RunDirectory directory;
    private final RunCatalog runs;
    private final BoardPicker picker;
    private final Duration pollInterval;
    private final List<Thread> threads = new ArrayList<>();
    /** One permit per worker at most: "look again now" (its work changed, or a run in rounds began). */
    private final Map<String, Semaphore> wakeUps = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public RoundTurns(AgentConfig config, AgentPool pool, RunDirectory directory, CoordinatorClient coordinator,
                      RunCatalog runs, ChatModels models) {
        this.pool = pool;
        this.directory = directory;
        this.runs = runs;
        this.pollInterval = config.agent().board().pollInterval();
        this.picker = new BoardPicker(coordinator, runs, directory, pool::leftRun,
                (runId, agentId) -> models.simulation(agentId, runs.settings(runId, agentId))
                        .prematureClaimProbability());
    }

    void start(@Observes StartupEvent startup) {
        for (Worker worker : pool.workers()) {
            wakeUps.put(worker.id(), new Semaphore(0));
            Thread thread = Thread.ofVirtual().name(worker.id() + "-rounds").unstarted(() -> run(worker));
            threads.add(thread);
            thread.start();
        }
        pool.onChange(this::wake);
    }

    private void run(Worker worker) {
        int index = pool.index(worker.id());
        while (running) {
            Optional<RunStarted> run = directory.runningInRounds().stream()
                    .filter(r -> r.hasOnTeam(worker.id(), index) && !pool.leftRun(r.runId(), worker.id()))
                    .findFirst();
            boolean again = false;
            if (run.isPresent() && worker.tryReserve()) {
                try {
                    again = turn(worker, run.get());
                } catch (RuntimeException e) {
                    LOG.infof("idle turn not taken: %s (runId=%s agentId=%s)", e.getMessage(), run.get().runId(),
                            worker.id());
                } finally {
                    worker.unreserve();
                }
            }
            if (again) {
                continue;
            }
            try {
                Semaphore wakeUp = wakeUps.get(worker.id());
                if (wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One idle turn of the reserved {@code worker} in {@code run}, and in a decentralized run a look at the
     * board after it; true to go on at once (the turn was taken), false to wait for a change first.
     */
    private boolean turn(Worker worker, RunStarted run) {
        RunInfo info = runs.run(run.runId());
        AgentLoop.IdleTurn outcome = await(pool.idleTurn(worker, info, runs.settings(run.runId(), worker.id())));
        if (outcome != AgentLoop.IdleTurn.TAKEN) {
            // A task is claimed for it: its assignment is on its way (or queued), and starts it.
            return false;
        }
        if (RunDirectory.DECENTRALIZED.equals(base(run.architecture()))) {
            Optional<CompletableFuture<Void>> work = picker.pickIn(run.runId(), worker.id(),
                    (assignment, lease) -> pool.take(worker, assignment, lease));
            work.ifPresent(w -> Worker.awaitDone(w, () -> running));
        }
        return true;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Makes the driver of {@code agentId} look again now. */
    void wake(String agentId) {
        Semaphore wakeUp = wakeUps.get(agentId);
        if (wakeUp != null && wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /** A run began: the drivers of its team in this process look now. */
    void started(@Observes RunDirectory.RunBegun begun) {
        if (begun.run().inRounds()) {
            for (Worker worker : pool.workers()) {
                if (begun.run().hasOnTeam(worker.id(), pool.index(worker.id()))) {
                    wake(worker.id());
                }
            }
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        threads.forEach(Thread::interrupt);
    }

    private static String base(String architecture) {
        int colon = architecture == null ? -1 : architecture.indexOf(':');
        return colon < 0 ? String.valueOf(architecture) : architecture.substring(0, colon);
    }
}
