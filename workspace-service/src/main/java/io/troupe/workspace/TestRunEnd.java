package io.troupe.workspace;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a test run's command ended, as far as the platform can tell. Running out of memory shows
 * as the command's own failure ({@code exited}, e.g. Python's MemoryError): an address-space
 * limit makes allocations fail rather than kill the process.
 */
public enum TestRunEnd {
    /** It exited by itself, with {@code exitCode}. */
    EXITED("exited"),
    /** Its process tree was killed at the wall-time limit (troupe.workspace.test-timeout). */
    TIME_LIMIT("time-limit"),
    /** The CPU-time limit's SIGXCPU ended it. */
    CPU_LIMIT("cpu-limit"),
    /** It wrote a file larger than the sandbox allows (SIGXFSZ). */
    FILE_SIZE_LIMIT("file-size-limit"),
    /** Another signal ended it (exit code 128 + the signal's number). */
    SIGNAL("signal"),
    /** Its program could not be started (exit code 127). */
    NOT_STARTED("not-started");

    private static final int SIGXCPU = 24;
    private static final int SIGXFSZ = 25;

    private final String code;

    TestRunEnd(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** The end an exit code shows: a shell and bubblewrap report death by signal n as 128 + n. */
    public static TestRunEnd of(int exitCode, boolean timedOut) {
        if (timedOut) {
            return TIME_LIMIT;
        }
        if (exitCode == 127) {
            return NOT_STARTED;
        }
        if (exitCode > 128 && exitCode < 128 + 65) {
            return switch (exitCode - 128) {
                case SIGXCPU -> CPU_LIMIT;
                case SIGXFSZ -> FILE_SIZE_LIMIT;
                default -> SIGNAL;
            };
        }
        return EXITED;
    }
}
