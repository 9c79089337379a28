package io.troupe.agent.clients;

/** A renewal or completion was refused as {@code stale-lease}: the agent does not hold the task any more. */
public class StaleLeaseException extends ServiceCallException {
    public StaleLeaseException(String message) {
        super(message, 409);
    }
}
