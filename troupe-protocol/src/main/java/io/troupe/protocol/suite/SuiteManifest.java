package io.troupe.protocol.suite;

import java.util.List;

/** The contents of a suite's {@code suite.yaml}. */
public record SuiteManifest(String id, String title, String description, String language, String testCommand,
                            List<TaskSpec> tasks) {

    public SuiteManifest {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
