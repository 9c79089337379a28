package io.troupe.protocol.suite;

import java.util.List;

/**
 * One task of a suite: the files it owns (relative paths in the run's workspace) and the test
 * files that check it.
 */
public record TaskSpec(String id, String title, String description, List<String> dependencies, List<String> files,
                       List<String> tests) {

    public TaskSpec {
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        files = files == null ? List.of() : List.copyOf(files);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }
}
