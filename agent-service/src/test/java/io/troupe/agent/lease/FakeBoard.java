package io.troupe.agent.lease;

import io.troupe.agent.clients.ClaimRefusedException;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.Lease;
import io.troupe.agent.clients.RunInfo;
import io.troupe.agent.clients.ServiceCallException;
import io.troupe.agent.clients.StaleLeaseException;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.protocol.suite.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/** A coordinator's task board in memory, for the agents' side of claims, leases and runs. */
public class FakeBoard implements CoordinatorClient {
    /** One renewal as the board received it. */
    public record Renewal(String taskId, Long epoch, Instant at) {
    }

    public final Queue<Renewal> renewals = new ConcurrentLinkedQueue<>();
    public final Queue<String> claims = new ConcurrentLinkedQueue<>();
    public final Map<String, RunInfo> runs = new ConcurrentHashMap<>();
    public final Map<String, List<TaskSpec>> suites = new ConcurrentHashMap<>();
    /** What a claim of a task answers: a lease, or throws. */
    public volatile Function<String, Lease> onClaim;
    public volatile Duration leaseDuration = Duration.ofMillis(600);
    public volatile long epoch = 1;
    /** The next renewals fail with these, in order; then renewals succeed. */
    public final Queue<RuntimeException> renewFailures = new ConcurrentLinkedQueue<>();
    /** How long a renewal takes. */
    public volatile Duration renewTime = Duration.ZERO;
    /** Renewals under way right now. */
    public final java.util.concurrent.atomic.AtomicInteger renewing = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Map<String, String> solution(String runId, String suiteId, String taskId, String agentId) {
        return Map.of();
    }

    @Override
    public void complete(String runId, String taskId, String agentId, Long presented) {
    }

    @Override
    public Lease claim(String runId, String taskId, String agentId) {
        claims.add(runId + "/" + taskId + "/" + agentId);
        if (onClaim != null) {
            return onClaim.apply(taskId);
        }
        return new Lease(runId, taskId, agentId, epoch, Instant.now().plus(leaseDuration));
    }

    @Override
    public Lease renew(String runId, String taskId, String agentId, Long presented) {
        renewals.add(new Renewal(taskId, presented, Instant.now()));
        renewing.incrementAndGet();
        try {
            Thread.sleep(renewTime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            renewing.decrementAndGet();
        }
        RuntimeException failure = renewFailures.poll();
        if (failure != null) {
            throw failure;
        }
        return new Lease(runId, taskId, agentId, epoch, Instant.now().plus(leaseDuration));
    }

    @Override
    public RunInfo run(String runId) {
        RunInfo run = runs.get(runId);
        if (run == null) {
            throw new ServiceCallException("GET /api/runs/" + runId + " answered 404", 404);
        }
        return run;
    }

    @Override
    public RunInfo board(String runId) {
        return run(runId);
    }

    @Override
    public List<TaskSpec> suiteTasks(String suiteId) {
        return suites.getOrDefault(suiteId, List.of());
    }

    public static StaleLeaseException stale(long presented) {
        return new StaleLeaseException("POST .../renew answered 409 stale-lease: the lease with epoch " + presented
                + " is not yours any more");
    }

    public static ClaimRefusedException refused(ProblemType problem, String state) {
        return new ClaimRefusedException("POST .../claim answered 409 " + problem.slug(), problem, state);
    }
}
