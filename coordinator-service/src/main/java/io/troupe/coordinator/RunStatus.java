package io.troupe.coordinator;

import java.util.Arrays;

/** A run's status; {@link #code()} is stored and shown, and never changes. */
public enum RunStatus {
    RUNNING("RUNNING"),
    /** Every task is DONE. */
    COMPLETED("COMPLETED"),
    /** The run gave up. */
    FAILED("FAILED");

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
