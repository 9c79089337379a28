package io.troupe.protocol.suite;

import java.util.List;

/**
 * The contents of a suite's {@code suite.yaml}.
 *
 * @param repository      what the project is called or where it lives, told to every agent (optional)
 * @param successCriteria what the finished project must do, told to every agent (optional)
 * @param tests           the suite's own test files, which check the project as a whole (a task's own
 *                        {@link TaskSpec#tests()} are optional beside them)
 * @param sharedFiles     whether several tasks may write one file; by default each file has one task
 */
public record SuiteManifest(String id, String title, String description, String language, String testCommand,
                            List<TaskSpec> tasks, String repository, List<String> successCriteria,
                            List<String> tests, boolean sharedFiles) {

    public SuiteManifest {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        successCriteria = successCriteria == null ? List.of() : List.copyOf(successCriteria);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** A manifest of one file per task, without a repository, success criteria or suite-level tests. */
    public SuiteManifest(String id, String title, String description, String language, String testCommand,
                         List<TaskSpec> tasks) {
        this(id, title, description, language, testCommand, tasks, null, null, null, false);
    }
}
