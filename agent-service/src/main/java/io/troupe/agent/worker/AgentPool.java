package io.troupe.agent.worker;

import io.troupe.agent.clients.Lease;
import io.troupe.agent.clock.AgentClock;
import io.troupe.agent.config.AgentConfig;
import io.troupe.agent.lease.LeaseRenewer;
import io.troupe.agent.lease.TaskLease;
import io.troupe.agent.events.AgentEvents;
import io.troupe.agent.loop.AgentLoop;
import io.troupe.agent.loop.TaskFailedException;
import io.troupe.agent.loop.TokenLimitException;
import io.troupe.agent.model.SimulatedCrashException;
import io.troupe.agent.runs.RunDirectory;
import io.troupe.protocol.events.AgentEvent.AgentBusy;
import io.troupe.protocol.events.AgentEvent.AgentIdle;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The workers this process hosts ({@code troupe.agent.workers} of them), and who does what. Every
 * task a worker does is held by a lease the {@link LeaseRenewer} keeps while it works.
 */
@ApplicationScoped
public class AgentPool {
    private static final Logger LOG = Logger.getLogger(AgentPool.class);
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final Map<String, Integer> indexes = new LinkedHashMap<>();
    private final Set<String> left = ConcurrentHashMap.newKeySet();
    private final AgentLoop loop;
    private final LeaseRenewer leases;
    private final AgentEvents events;
    private final AgentClock clock;
    private final RunDirectory directory;
    private final List<java.util.function.Consumer<String>> changeListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public AgentPool(AgentConfig config, AgentLoop loop, LeaseRenewer leases, AgentEvents events, AgentClock clock,
                     RunDirectory directory) {
        this.directory = directory;
        this.loop = loop;
        this.leases = leases;
        this.events = events;
        this.clock = clock;
        WorkerIds.of(config.agent().podName(), config.agent().workers(), config.agent().idPrefix())
                .forEach((id, number) -> {
                    workers.put(id, new Worker(id));
                    indexes.put(id, number);
                });
    }

    /** Whether {@code agentId} is one of this process's workers. */
    public boolean hosts(String agentId) {
        return workers.containsKey(agentId);
    }

    /** The hosted workers, in id order. */
    public List<Worker> workers() {
        return List.copyOf(workers.values());
    }

    /** The worker's number i in {@code agent-i}: a run of n agents recruits agent-1 … agent-n. */
    public int index(String agentId) {
        return indexes.getOrDefault(agentId, Integer.MAX_VALUE);
    }

    /**
     * Gives a preassigned {@code assignment} to its agent, behind the tasks it already has; empty
     * if that agent is not hosted here. The coordinator claimed the task for the agent without
     * telling it the epoch: its lease is renewed at once to learn it. The future completes when
     * the task's work is done.
     */
    public Optional<CompletableFuture<Void>> dispatch(Assignment assignment) {
        Optional<CompletableFuture<Void>> work = Optional.ofNullable(workers.get(assignment.agentId()))
                .map(worker -> submit(worker, assignment,
                        TaskLease.unknown(assignment.runId(), assignment.task().id(), assignment.agentId())));
        work.ifPresent(w -> changed(assignment.agentId()));
        return work;
    }

    /** Calls {@code listener} with a worker's id when it was given a task or finished its work. */
    public void onChange(java.util.function.Consumer<String> listener) {
        changeListeners.add(listener);
    }

    private void changed(String agentId) {
        changeListeners.forEach(l -> l.accept(agentId));
    }

    /**
     * Has {@code worker} take an idle turn of the run in rounds {@code run} on its own thread (behind what it
     * has queued): {@link AgentLoop#idleTurn}.
     */
    public CompletableFuture<AgentLoop.IdleTurn> idleTurn(Worker worker, io.troupe.agent.clients.RunInfo run,
                                                          io.troupe.protocol.events.AgentSettings settings) {
        return worker.call(run.id(), () -> loop.idleTurn(worker.id(), run, settings));
    }

    /** Gives {@code worker} the task it claimed with {@code lease}. */
    public CompletableFuture<Void> take(Worker worker, Assignment assignment, Lease lease) {
        return submit(worker, assignment, new TaskLease(lease.runId(), lease.taskId(), lease.agentId(),
                lease.epoch(), lease.expiresAt()));
    }

    private CompletableFuture<Void> submit(Worker worker, Assignment assignment, TaskLease lease) {
        leases.keep(lease);
        return worker.submit(assignment, (id, a) -> {
            if (directory.over(a.runId())) {
                LOG.infof("task skipped: its run is over (runId=%s taskId=%s agentId=%s)", a.runId(), a.task().id(),
                        id);
                return;
            }
            // A run on its own clock learns first that real work starts (see AgentClock).
            events.publish(new AgentBusy(a.runId(), id, a.task().id(), clock.working(a, id)));
            List<String> abandoned = List.of();
            boolean gone = false;
            try (lease) {
                loop.work(id, a, lease);
            } catch (TaskFailedException e) {
                abandoned = List.of(a.task().id());
                if (e.getCause() instanceof SimulatedCrashException || e.getCause() instanceof TokenLimitException) {
                    // The worker died, or may spend no more: it picks no more tasks of this run (others finish them).
                    left.add(key(a.runId(), id));
                    gone = true;
                }
                throw e;
            } finally {
                if (gone) {
                    clock.left(a, id);
                }
                if (worker.queuedCount() == 0) {
                    Instant at = gone ? clock.now(a.runId(), id) : clock.idle(a, id, abandoned);
                    events.publish(new AgentIdle(a.runId(), id, a.task().id(), at));
                }
            }
        }).whenComplete((done, failure) -> {
            lease.close();
            changed(worker.id());
        });
    }

    /** A run ended: the workers still on one of its tasks stop it now (no turn after the end). */
    void onRunOver(@Observes RunDirectory.RunOver over) {
        for (Worker worker : workers.values()) {
            if (worker.stopRun(over.runId())) {
                LOG.infof("task stopped: its run is over (runId=%s agentId=%s)", over.runId(), worker.id());
            }
        }
    }

    /**
     * Whether {@code agentId} left {@code runId}: it crashed there (a simulated crash) or spent the
     * run's token limit. It then takes no more tasks of that run from the queue or the board, as a
     * dead worker would not.
     */
    public boolean leftRun(String runId, String agentId) {
        return left.contains(key(runId, agentId));
    }

    private static String key(String runId, String agentId) {
        return runId + "/" + agentId;
    }

    public List<AgentView> agents() {
        return workers.values().stream().map(Worker::view).toList();
    }

    public AgentView agent(String agentId) {
        Worker worker = workers.get(agentId);
        if (worker == null) {
            throw new ProblemException(ProblemType.AGENT_NOT_FOUND, "no agent '" + agentId + "' is hosted by this "
                    + "agent service; it "
                    + "hosts " + String.join(", ", workers.keySet()) + " (GET /api/agents lists them)");
        }
        return worker.view();
    }

    @PreDestroy
    void stop() {
        workers.values().forEach(Worker::stop);
    }
}
