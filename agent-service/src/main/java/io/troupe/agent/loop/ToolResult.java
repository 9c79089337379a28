package io.troupe.agent.loop;

/**
 * What a tool call came to: the text the model gets back, the outcome reported in
 * {@code ToolCalled}, and whether it finished the task.
 */
record ToolResult(String outcome, String text, boolean completesTask) {
    static final String OK = "ok";
    static final String ERROR = "error";
    static final String MALFORMED = "malformed";
    static final String UNKNOWN_TOOL = "unknown-tool";
    static final String NOT_AVAILABLE = "not-available";
    static final String NO_TOOL_CALL = "no-tool-call";
}
