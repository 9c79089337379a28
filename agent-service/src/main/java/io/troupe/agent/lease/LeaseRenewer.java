package io.troupe.agent.lease;

import io.troupe.agent.clients.ClaimRefusedException;
import io.troupe.agent.clock.AgentClock;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.Lease;
import io.troupe.agent.clients.ServiceCallException;
import io.troupe.agent.clients.StaleLeaseException;
import io.troupe.agent.config.AgentConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the leases of the tasks agents work on: renews each at a third of its remaining time
 * (a lease of 30 s is renewed every 10 s), so two renewals may fail before it runs out. A lease
 * whose epoch the agent does not know (a preassigned task: the assignment carries none) is renewed
 * at once to learn it. A {@code stale-lease} answer marks the task lost, and the agent drops it. A
 * renewal that fails otherwise (the coordinator briefly unreachable) is tried again at the usual
 * pace; a coordinator without a renew endpoint (404/405 for a lease it never named) ends the
 * renewals of that task, and its completion goes without an epoch as before.
 */
@ApplicationScoped
public class LeaseRenewer {
    private static final Logger LOG = Logger.getLogger(LeaseRenewer.class);

    private final CoordinatorClient coordinator;
    private final Duration minInterval;
    private final Duration retryInterval;
    private final AgentClock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-renewer");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public LeaseRenewer(CoordinatorClient coordinator, AgentConfig config, AgentClock clock) {
        this(coordinator, config.agent().lease().minRenewInterval(), config.agent().lease().retryInterval(), clock);
    }

    /** A renewer for runs on the wall clock. */
    public LeaseRenewer(CoordinatorClient coordinator, Duration minInterval, Duration retryInterval) {
        this(coordinator, minInterval, retryInterval, null);
    }

    public LeaseRenewer(CoordinatorClient coordinator, Duration minInterval, Duration retryInterval,
                        AgentClock clock) {
        this.coordinator = coordinator;
        this.minInterval = minInterval;
        this.retryInterval = retryInterval;
        this.clock = clock;
    }

    /** Starts keeping {@code lease}: close it when the agent is done with its task. */
    public TaskLease keep(TaskLease lease) {
        schedule(lease, lease.epoch() == null ? Duration.ZERO : untilNext(lease, lease.expiresAt()));
        return lease;
    }

    /**
     * A third of the time left until {@code expiresAt}, at least the minimum interval. The time left
     * is on the run's clock (a simulated run's is ahead of the wall's, and follows real time while its
     * agents work).
     */
    Duration untilNext(TaskLease lease, Instant expiresAt) {
        if (expiresAt == null) {
            return retryInterval;
        }
        Instant now = clock == null ? Instant.now() : clock.now(lease.runId(), lease.agentId());
        Duration third = Duration.between(now, expiresAt).dividedBy(3);
        return third.compareTo(minInterval) < 0 ? minInterval : third;
    }

    private void schedule(TaskLease lease, Duration delay) {
        try {
            timer.schedule(() -> renew(lease), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debugf("renewer stopped; lease not kept (runId=%s taskId=%s agentId=%s)", lease.runId(),
                    lease.taskId(), lease.agentId());
        }
    }

    private void renew(TaskLease lease) {
        if (lease.closed() || lease.lost()) {
            return;
        }
        try {
            Lease granted = lease.whileHeld(() -> coordinator.renew(lease.runId(), lease.taskId(), lease.agentId(),
                    lease.epoch())).orElse(null);
            if (granted == null) {
                return;
            }
            lease.renewed(granted.epoch(), granted.expiresAt());
            LOG.debugf("lease renewed epoch=%d until %s (runId=%s taskId=%s agentId=%s)", granted.epoch(),
                    granted.expiresAt(), lease.runId(), lease.taskId(), lease.agentId());
            schedule(lease, untilNext(lease, granted.expiresAt()));
        } catch (StaleLeaseException e) {
            LOG.warnf("lease lost: %s (runId=%s taskId=%s agentId=%s)", e.getMessage(), lease.runId(),
                    lease.taskId(), lease.agentId());
            lease.lose(e.getMessage());
        } catch (ClaimRefusedException e) {
            // run-finished: nothing left to hold.
            LOG.infof("lease not renewed: %s (runId=%s taskId=%s agentId=%s)", e.getMessage(), lease.runId(),
                    lease.taskId(), lease.agentId());
        } catch (ServiceCallException e) {
            if (lease.epoch() == null && (e.status() == 404 || e.status() == 405)) {
                LOG.infof("the coordinator does not renew leases (%s); working without renewals (runId=%s "
                        + "taskId=%s agentId=%s)", e.getMessage(), lease.runId(), lease.taskId(), lease.agentId());
                return;
            }
            LOG.warnf("lease renewal failed, trying again: %s (runId=%s taskId=%s agentId=%s)", e.getMessage(),
                    lease.runId(), lease.taskId(), lease.agentId());
            Duration next = untilNext(lease, lease.expiresAt());
            schedule(lease, retryInterval.compareTo(next) < 0 ? retryInterval : next);
        } catch (RuntimeException e) {
            LOG.errorf(e, "lease renewal failed, trying again (runId=%s taskId=%s agentId=%s)", lease.runId(),
                    lease.taskId(), lease.agentId());
            schedule(lease, retryInterval);
        }
    }

    @PreDestroy
    public void stop() {
        timer.shutdownNow();
    }
}
