package io.troupe.protocol.suite;

import java.util.List;

/** A suite that cannot be run; {@link #problems()} says each thing that is wrong. */
public class InvalidSuiteException extends RuntimeException {
    private final List<String> problems;

    public InvalidSuiteException(List<String> problems) {
        super("invalid suite: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
