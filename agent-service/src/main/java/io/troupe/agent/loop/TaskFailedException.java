package io.troupe.agent.loop;

/** An agent could not finish a task; the message says which step failed and why. */
public class TaskFailedException extends RuntimeException {
    public TaskFailedException(String message) {
        super(message);
    }

    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
