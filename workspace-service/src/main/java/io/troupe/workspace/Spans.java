package io.troupe.workspace;

/** Names of this service's spans and span attributes. */
public final class Spans {
    public static final String CREATE = "workspace.create";
    public static final String WRITE = "workspace.write";
    public static final String TEST_RUN = "workspace.test_run";
    public static final String RUN_ID = "troupe.run.id";
    public static final String AGENT_ID = "troupe.agent.id";
    public static final String PATH = "troupe.file.path";

    private Spans() {
    }
}
