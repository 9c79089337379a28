package io.troupe.workspace.testrun;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import java.util.List;
import java.util.Map;

/**
 * What runs test commands when no sandbox is available and the operator has not opted out: nothing.
 * Every test run is refused with a 503 problem that says how to get a sandbox; the rest of the
 * workspace works.
 */
public final class NoSandbox implements TestRunner {
    /** The name health shows for it. */
    public static final String NAME = "unavailable";

    private final String remedy;

    public NoSandbox(String remedy) {
        this.remedy = remedy;
    }

    public String remedy() {
        return remedy;
    }

    @Override
    public String sandbox() {
        return NAME;
    }

    @Override
    public TestExecution run(String testRunId, List<String> args, Snapshot snapshot) {
        throw refusal(snapshot.runId());
    }

    /** The problem every test run gets. */
    public ProblemException refusal(String runId) {
        return new ProblemException(ProblemType.SANDBOX_UNAVAILABLE, "this workspace service has no sandbox to run "
                        + "the tests of run " + runId + " in, and runs no "
                        + "untrusted code outside one: " + remedy + ". Only for code you trust (never a model's), "
                        + "troupe.workspace.sandbox=trusted runs test commands as plain processes.",
                Map.of("remedy", remedy));
    }
}
