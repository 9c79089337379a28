package io.troupe.metrics.api;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;

/** Query parameters that must be there. */
final class Params {
    private Params() {
    }

    static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "the query parameter '" + name + "' is required, for "
                    + "example ?"
                    + name + "=run-1a2b3c (GET /api/runs/metrics lists the runs)");
        }
        return value;
    }
}
