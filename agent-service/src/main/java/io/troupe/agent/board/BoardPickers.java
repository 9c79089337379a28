package io.troupe.agent.board;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.config.AgentConfig;
import io.troupe.agent.model.ChatModels;
import io.troupe.agent.runs.RunCatalog;
import io.troupe.agent.runs.RunDirectory;
import io.troupe.agent.worker.AgentPool;
import io.troupe.agent.worker.Worker;
import io.troupe.protocol.events.RunEvent.RunStarted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The agents' side of {@code decentralized} runs: a virtual thread per worker that, while the worker
 * is idle and a decentralized run whose team includes it is running, reads the board and claims a
 * READY task ({@link BoardPicker}). It looks when it is woken ({@link #wake}: a run of its team
 * started, or a task of it may have become READY, see {@link BoardChanges}), right after finishing a
 * task, and at the latest every {@code troupe.agent.board.poll-interval} (a change it was not told of).
 */
@ApplicationScoped
public class BoardPickers {
    private static final Logger LOG = Logger.getLogger(BoardPickers.class);

    private final AgentConfig.Board config;
    private final AgentPool pool;
    private final RunDirectory directory;
    private final BoardPicker picker;
    private final List<Thread> threads = new ArrayList<>();
    /** One permit per worker at most: "look at the board now". */
    private final Map<String, Semaphore> wakeUps = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public BoardPickers(AgentConfig config, AgentPool pool, RunDirectory directory, CoordinatorClient coordinator,
                        RunCatalog runs, ChatModels models) {
        this.config = config.agent().board();
        this.pool = pool;
        this.directory = directory;
        this.picker = new BoardPicker(coordinator, runs, directory, pool::leftRun,
                (runId, agentId) -> models.simulation(agentId, runs.settings(runId, agentId))
                        .prematureClaimProbability());
    }

    void start(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            LOG.info("picking tasks of decentralized runs is off (troupe.agent.board.enabled=false)");
            return;
        }
        for (Worker worker : pool.workers()) {
            wakeUps.put(worker.id(), new Semaphore(0));
            Thread thread = Thread.ofVirtual().name(worker.id() + "-board").unstarted(() -> run(worker));
            threads.add(thread);
            thread.start();
        }
    }

    private void run(Worker worker) {
        int index = pool.index(worker.id());
        while (running) {
            Optional<CompletableFuture<Void>> work = Optional.empty();
            if (directory.recruits(RunDirectory.DECENTRALIZED, worker.id(), index) && worker.tryReserve()) {
                try {
                    work = picker.pick(worker.id(), index, (assignment, lease) -> pool.take(worker, assignment,
                            lease));
                } catch (RuntimeException e) {
                    LOG.errorf(e, "picking a task failed (agentId=%s)", worker.id());
                } finally {
                    if (work.isEmpty()) {
                        worker.unreserve();
                    }
                }
            }
            if (work.isPresent()) {
                Worker.awaitDone(work.get(), () -> running);
                worker.unreserve();
                continue;
            }
            try {
                Semaphore wakeUp = wakeUps.get(worker.id());
                if (wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Makes the idle pickers of {@code run}'s team in this process look at the boards now. */
    public void wake(RunStarted run) {
        for (Worker worker : pool.workers()) {
            Semaphore wakeUp = wakeUps.get(worker.id());
            if (wakeUp != null && wakeUp.availablePermits() == 0
                    && run.hasOnTeam(worker.id(), pool.index(worker.id()))) {
                wakeUp.release();
            }
        }
    }

    /** A run started: the READY tasks it began with may have been announced before this process knew the run. */
    void started(@Observes RunDirectory.RunBegun begun) {
        if (RunDirectory.DECENTRALIZED.equals(begun.architecture())) {
            wake(begun.run());
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
