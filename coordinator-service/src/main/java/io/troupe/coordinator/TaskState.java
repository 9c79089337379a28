package io.troupe.coordinator;

import java.util.Arrays;

/**
 * The life of a task on the board: {@code PENDING → READY → CLAIMED → DONE}, plus {@code FAILED}.
 * Transitions are methods on the source state; each refuses a source it does not start from. The
 * {@link #code()} is what the database stores and the API shows, and never changes.
 */
public enum TaskState {
    /** Some dependency is not DONE yet. */
    PENDING("PENDING"),
    /** Every dependency is DONE; nobody owns it. */
    READY("READY"),
    /** One agent owns it and works on it. */
    CLAIMED("CLAIMED"),
    /** Its owner completed it. */
    DONE("DONE"),
    /** Given up on. */
    FAILED("FAILED");

    private final String code;

    TaskState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static TaskState fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown task state code " + code));
    }

    /** The last dependency became DONE. */
    public TaskState ready() {
        return to(READY, PENDING);
    }

    /** An agent takes the task. */
    public TaskState claim() {
        return to(CLAIMED, READY);
    }

    /** The owner extends its lease. */
    public TaskState renew() {
        return to(CLAIMED, CLAIMED);
    }

    /** The owner completed the task. */
    public TaskState complete() {
        return to(DONE, CLAIMED);
    }

    /** The owner's lease ran out: the task goes back to the board. */
    public TaskState expire() {
        return to(READY, CLAIMED);
    }

    /** The owner gave up on the task, or the board did after too many lost leases. */
    public TaskState fail() {
        return to(FAILED, CLAIMED);
    }

    public boolean isTerminal() {
        return this == DONE || this == FAILED;
    }

    private TaskState to(TaskState target, TaskState requiredSource) {
        if (this != requiredSource) {
            throw new IllegalTransitionException(this, target);
        }
        return target;
    }

    /** A transition asked of a state it does not start from. */
    public static final class IllegalTransitionException extends IllegalStateException {
        private final TaskState from;
        private final TaskState to;

        public IllegalTransitionException(TaskState from, TaskState to) {
            super("a task cannot go from " + from.code + " to " + to.code);
            this.from = from;
            this.to = to;
        }

        public TaskState from() {
            return from;
        }

        public TaskState to() {
            return to;
        }
    }
}
