package io.troupe.support.tracing;

/**
 * Names of Troupe's spans and span attributes, shared by every service so that one run's trace
 * reads the same wherever a span was made. The {@code gen_ai.*} names follow the OpenTelemetry
 * semantic conventions for generative AI as of semconv v1.37.0 ({@code gen_ai.provider.name}
 * replaced {@code gen_ai.system} there); those conventions are still in development, so a rename
 * upstream is one edit here.
 */
public final class TraceNames {
    /** The semantic-conventions version the {@code gen_ai.*} names follow. */
    public static final String SEMCONV_VERSION = "1.37.0";

    // Spans
    /** The root span of a run: created with the run, ended when it finishes. */
    public static final String RUN = "run";
    /** One task of a run, from READY to DONE: a child of the run span, linked to its dependencies' task spans. */
    public static final String TASK = "task";
    /** A task READY and not yet claimed. */
    public static final String QUEUE_WAIT = "queue.wait";
    /** One turn of an agent: an LLM call and the tool calls it answered with ({@code invoke_agent {agent}}). */
    public static final String INVOKE_AGENT = "invoke_agent";
    /** An LLM call ({@code chat {model}}): gen_ai.operation.name {@value #OPERATION_CHAT}. */
    public static final String OPERATION_CHAT = "chat";
    /** A tool call ({@code execute_tool {tool}}). */
    public static final String EXECUTE_TOOL = "execute_tool";

    // Troupe's attributes
    public static final String RUN_ID = "troupe.run.id";
    public static final String TASK_ID = "troupe.task.id";
    public static final String AGENT_ID = "troupe.agent.id";
    public static final String SUITE = "troupe.suite";
    public static final String ARCHITECTURE = "troupe.architecture";
    public static final String AGENTS = "troupe.agents";
    public static final String TURN = "troupe.turn";
    public static final String RUN_STATUS = "troupe.run.status";
    public static final String TOOL_OUTCOME = "troupe.tool.outcome";

    // OpenTelemetry GenAI semantic conventions (development status)
    public static final String GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
    public static final String GEN_AI_PROVIDER_NAME = "gen_ai.provider.name";
    public static final String GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
    public static final String GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    public static final String GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    public static final String GEN_AI_AGENT_ID = "gen_ai.agent.id";
    public static final String GEN_AI_AGENT_NAME = "gen_ai.agent.name";
    public static final String GEN_AI_TOOL_NAME = "gen_ai.tool.name";
    /** gen_ai.operation.name of an agent's turn. */
    public static final String OPERATION_INVOKE_AGENT = "invoke_agent";
    /** gen_ai.operation.name of a tool call. */
    public static final String OPERATION_EXECUTE_TOOL = "execute_tool";

    /** The W3C trace-context header, in HTTP and in Kafka records. */
    public static final String TRACEPARENT = "traceparent";

    private TraceNames() {
    }

    /** {@code chat {model}}. */
    public static String chat(String model) {
        return OPERATION_CHAT + " " + model;
    }

    /** {@code execute_tool {tool}}. */
    public static String executeTool(String tool) {
        return EXECUTE_TOOL + " " + tool;
    }

    /** {@code invoke_agent {agent}}. */
    public static String invokeAgent(String agentId) {
        return INVOKE_AGENT + " " + agentId;
    }

    /**
     * The {@code gen_ai.provider.name} of a Troupe provider: the conventions' well-known values
     * where there is one, else Troupe's own name.
     */
    public static String providerName(String provider) {
        if (provider == null) {
            return "unknown";
        }
        return switch (provider) {
            case "gemini", "google" -> "gcp.gemini";
            case "openai", "anthropic", "ollama" -> provider;
            case "simulated" -> "troupe.simulated";
            default -> provider;
        };
    }
}
