package io.troupe.agent.clients;

/** A peer service answered with an unexpected status, or could not be reached. */
public class ServiceCallException extends RuntimeException {
    private final int status;

    public ServiceCallException(String message, int status) {
        super(message);
        this.status = status;
    }

    public ServiceCallException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    /** The HTTP status, or -1 if no answer came. */
    public int status() {
        return status;
    }
}
