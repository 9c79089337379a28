package io.troupe.protocol.suite;

import java.util.Map;

/**
 * A loaded, validated suite: its manifest, its DAG, the contents of its test files (path to
 * text) and the reference solution of each task (task id to path to text).
 */
public record Suite(SuiteManifest manifest, Dag dag, Map<String, String> tests,
                    Map<String, Map<String, String>> solutions) {

    public String id() {
        return manifest.id();
    }
}
