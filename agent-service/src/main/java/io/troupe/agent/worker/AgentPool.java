package io.troupe.agent.worker;

import io.troupe.agent.clients.Lease;
import io.troupe.agent.config.AgentConfig;
import io.troupe.agent.lease.LeaseRenewer;
import io.troupe.agent.lease.TaskLease;
import io.troupe.agent.events.AgentEvents;
import io.troupe.agent.loop.AgentLoop;
import io.troupe.agent.loop.TaskFailedException;
import io.troupe.agent.loop.TokenLimitException;
import io.troupe.agent.model.SimulatedCrashException;
import io.troupe.protocol.events.AgentEvent.AgentBusy;
import io.troupe.protocol.events.AgentEvent.AgentIdle;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.support.problem.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * The workers this process hosts ({@code troupe.agent.workers} of them), and who does what. Every
 * task a worker does is held by a lease the {@link LeaseRenewer} keeps while it works.
 */
@ApplicationScoped
public class AgentPool {
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final Map<String, Integer> indexes = new LinkedHashMap<>();
    private final Set<String> left = ConcurrentHashMap.newKeySet();
    private final AgentLoop loop;
    private final LeaseRenewer leases;
    private final AgentEvents events;

    public AgentPool(AgentConfig config, AgentLoop loop, LeaseRenewer leases, AgentEvents events) {
        this.loop = loop;
        this.leases = leases;
        this.events = events;
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
        return Optional.ofNullable(workers.get(assignment.agentId())).map(worker -> submit(worker, assignment,
                TaskLease.unknown(assignment.runId(), assignment.task().id(), assignment.agentId())));
    }

    /** Gives {@code worker} the task it claimed with {@code lease}. */
    public CompletableFuture<Void> take(Worker worker, Assignment assignment, Lease lease) {
        return submit(worker, assignment, new TaskLease(lease.runId(), lease.taskId(), lease.agentId(),
                lease.epoch(), lease.expiresAt()));
    }

    private CompletableFuture<Void> submit(Worker worker, Assignment assignment, TaskLease lease) {
        leases.keep(lease);
        return worker.submit(assignment, (id, a) -> {
            events.publish(new AgentBusy(a.runId(), id, a.task().id(), Instant.now()));
            try (lease) {
                loop.work(id, a, lease);
            } catch (TaskFailedException e) {
                if (e.getCause() instanceof SimulatedCrashException || e.getCause() instanceof TokenLimitException) {
                    // The worker died, or may spend no more: it picks no more tasks of this run (others finish them).
                    left.add(key(a.runId(), id));
                }
                throw e;
            } finally {
                if (worker.queuedCount() == 0) {
                    events.publish(new AgentIdle(a.runId(), id, a.task().id(), Instant.now()));
                }
            }
        }).whenComplete((done, failure) -> lease.close());
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
            throw ProblemException.notFound("agent", "no agent '" + agentId + "' is hosted by this agent service; it "
                    + "hosts " + String.join(", ", workers.keySet()) + " (GET /api/agents lists them)");
        }
        return worker.view();
    }

    @PreDestroy
    void stop() {
        workers.values().forEach(Worker::stop);
    }
}
