package io.troupe.workspace.testrun;

import java.util.List;
import java.util.Optional;

/**
 * Where a test run executes: in a local sandbox ({@link LocalTestRunner}), as a Kubernetes Job
 * ({@code testrun.kubernetes.KubernetesTestRunner}), or nowhere ({@link NoSandbox}). Made by
 * {@link TestRunners#create} from troupe.workspace.sandbox.
 */
public interface TestRunner extends AutoCloseable {

    /** The sandbox's name, as results and health show it: {@code bwrap}, {@code kubernetes}, {@code trusted}... */
    String sandbox();

    /**
     * Runs {@code args} on the files of {@code snapshot}, adding the JUnit XML option to a pytest
     * command, and blocks until the command ends or is stopped at its time limit.
     */
    TestExecution run(String testRunId, List<String> args, Snapshot snapshot);

    /** Releases what the runner keeps between runs (the pytest fork server, kept files); nothing by default. */
    @Override
    default void close() {
    }

    /** How the command ended, and its JUnit XML report if it wrote a readable one. */
    record TestExecution(ProcessRunner.Outcome outcome, Optional<JUnitReport> report) {
    }
}
