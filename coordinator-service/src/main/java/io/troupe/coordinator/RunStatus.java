package io.troupe.coordinator;

import java.util.Arrays;

/** A run's status; {@link #code()} is stored and shown, and never changes. */
public enum RunStatus {
    RUNNING("RUNNING"),
    /** Every task is DONE. */
    COMPLETED("COMPLETED"),
    /** The run gave up (a task FAILED, or its workspace or agents could not go on). */
    FAILED("FAILED"),
    /** The run did not finish within its time limit. */
    TIMED_OUT("TIMED_OUT"),
    /** Someone stopped it ({@code POST /api/runs/{run}/cancel}). */
    CANCELLED("CANCELLED");

    private final String code;

    RunStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static RunStatus fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown run status code " + code));
    }
}
