package io.troupe.agent.clients;

import io.troupe.protocol.problem.ProblemType;

/**
 * A renewal or completion was refused as {@link ProblemType#STALE_LEASE}: the agent does not hold
 * the task any more.
 */
public class StaleLeaseException extends ServiceCallException {
    public StaleLeaseException(String message) {
        super(message, ProblemType.STALE_LEASE.status());
    }
}
