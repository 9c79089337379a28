package io.troupe.workspace.testrun;

import java.util.List;
import java.util.Map;

/**
 * Where a test run executes: in a local sandbox ({@link LocalTestRunner}) or as a Kubernetes Job
 * ({@code testrun.kubernetes.KubernetesTestRunner}).
 */
public interface TestRunner extends AutoCloseable {

    /**
     * Runs {@code args} on the files of {@code snapshot} (path to content), adding the JUnit XML
     * option to a pytest command, and blocks until the command ends or is stopped at its time limit.
     */
    TestExecution run(String testRunId, String runId, List<String> args, Map<String, String> snapshot);

    /** Releases what the runner keeps between runs (the pytest fork server); nothing by default. */
    @Override
    default void close() {
    }

    /** How the command ended, and its JUnit XML report if it wrote a readable one. */
    record TestExecution(ProcessRunner.Outcome outcome, java.util.Optional<JUnitReport> report) {
    }
}
