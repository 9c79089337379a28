package io.troupe.coordinator.experiments;

import java.time.Instant;
import java.util.Arrays;

/** A sweep of runs; {@code reason} says why it ended (null while RUNNING). */
public record Experiment(String id, ExperimentRequest spec, Status status, String reason, Instant createdAt,
                         Instant finishedAt) {

    /** An experiment's status; {@link #code()} is stored and shown. */
    public enum Status {
        /** Some planned run has not finished yet. */
        RUNNING("RUNNING"),
        /** Every planned run finished, whatever its status. */
        COMPLETED("COMPLETED"),
        /** A planned run could not be started. */
        FAILED("FAILED"),
        /** Cancelled by request: its unstarted runs were not started, its running runs were cancelled. */
        CANCELLED("CANCELLED");

        private final String code;

        Status(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Status fromCode(String code) {
            return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown experiment status code " + code));
        }
    }
}
