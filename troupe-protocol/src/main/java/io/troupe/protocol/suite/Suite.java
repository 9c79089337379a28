package io.troupe.protocol.suite;

import java.util.List;
import java.util.Map;

/**
 * A loaded, validated suite: its manifest, its DAG, the contents of its test files (path to
 * text) and the reference solution of each task (task id to path to text). A suite may come
 * without any reference solution (for real models only): then {@code missingSolutions} names
 * every file a simulated agent would need ({@code solutions/<task>/<file>}).
 */
public record Suite(SuiteManifest manifest, Dag dag, Map<String, String> tests,
                    Map<String, Map<String, String>> solutions, List<String> missingSolutions) {

    public Suite {
        missingSolutions = missingSolutions == null ? List.of() : List.copyOf(missingSolutions);
    }

    public Suite(SuiteManifest manifest, Dag dag, Map<String, String> tests,
                 Map<String, Map<String, String>> solutions) {
        this(manifest, dag, tests, solutions, List.of());
    }

    public String id() {
        return manifest.id();
    }

    /** Whether every file of every task has a reference solution, so that simulated agents can run it. */
    public boolean hasSolutions() {
        return missingSolutions.isEmpty();
    }
}
