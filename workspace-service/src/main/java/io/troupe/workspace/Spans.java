package io.troupe.workspace;

import io.troupe.support.tracing.TraceNames;

/** Names of this service's spans and span attributes; the ones every service shares come from {@link TraceNames}. */
public final class Spans {
    public static final String CREATE = "workspace.create";
    public static final String WRITE = "workspace.write";
    public static final String TEST_RUN = "workspace.test_run";
    public static final String RUN_ID = TraceNames.RUN_ID;
    public static final String AGENT_ID = TraceNames.AGENT_ID;
    public static final String PATH = "troupe.file.path";

    private Spans() {
    }
}
