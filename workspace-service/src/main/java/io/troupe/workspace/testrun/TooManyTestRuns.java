package io.troupe.workspace.testrun;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import java.util.Map;

/** A run has as many test runs waiting as it may: 429, with the seconds to wait (Retry-After). */
public final class TooManyTestRuns extends ProblemException {
    private final long retryAfterSeconds;

    public TooManyTestRuns(String runId, int maxQueued, long retryAfterSeconds) {
        super(ProblemType.TOO_MANY_TEST_RUNS, "run " + runId + " has " + maxQueued
                + " test runs waiting for a slot already (troupe.workspace.max-queued-test-runs-per-run); try again "
                + "in " + retryAfterSeconds + " s", Map.of("retryAfterSeconds", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
