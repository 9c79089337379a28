package io.troupe.support.problem;

import io.troupe.protocol.problem.ProblemType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error that a client can act on, rendered as RFC 9457 problem details. Its {@link ProblemType}
 * gives the type, status and title; {@code extensions} become extra members of the problem object
 * (for example the current head version of a file).
 */
public class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final Map<String, Object> extensions;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ProblemException(ProblemType type, String detail, Map<String, Object> extensions) {
        super(detail);
        this.type = type;
        this.extensions = new LinkedHashMap<>(extensions);
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return type.status();
    }

    public String title() {
        return type.title();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** The problem details of this exception, at {@code instance} (the request path, may be null). */
    public Problem toProblem(String instance) {
        return Problem.of(type, getMessage(), instance, extensions);
    }
}
