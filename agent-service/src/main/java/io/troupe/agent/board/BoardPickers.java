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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The agents' side of {@code decentralized} runs: a thread per worker that, while the worker is
 * idle and a decentralized run whose team includes it is running, reads the board every
 * {@code troupe.agent.board.poll-interval} and claims a READY task ({@link BoardPicker}).
 */
@ApplicationScoped
public class BoardPickers {
    private static final Logger LOG = Logger.getLogger(BoardPickers.class);

    private final AgentConfig.Board config;
    private final AgentPool pool;
    private final RunDirectory directory;
    private final BoardPicker picker;
    private final List<Thread> threads = new ArrayList<>();
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
            Thread thread = Thread.ofPlatform().daemon().name(worker.id() + "-board").unstarted(() -> run(worker));
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
                Thread.sleep(config.pollInterval().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
