package io.troupe.agent.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.troupe.agent.clients.AgentCredentials;
import io.troupe.agent.config.AgentConfig;
import io.troupe.support.tracing.TraceNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The agent's spans in its run's trace: an {@code invoke_agent} span per turn, under the task's
 * span (whose context the coordinator tells, since a task may come over HTTP with no Kafka header),
 * and inside it the {@code chat {model}} call with the GenAI attributes and one
 * {@code execute_tool {tool}} span per tool call. With OpenTelemetry off, spans are no-ops and the
 * coordinator is not asked.
 */
@ApplicationScoped
public class AgentTracing {
    private static final Logger LOG = Logger.getLogger(AgentTracing.class);
    private static final Pattern TRACEPARENT = Pattern.compile("\"traceparent\"\\s*:\\s*\"([0-9a-f-]{55})\"");
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final boolean enabled;
    private final Function<String[], String> traceparentOf;

    @Inject
    public AgentTracing(Tracer tracer, AgentConfig config,
                        @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean disabled) {
        this(tracer, !disabled, fromCoordinator(config.coordinatorUrl()));
    }

    /** {@code traceparentOf} answers the traceparent of {@code [runId, taskId]}, or null. */
    public AgentTracing(Tracer tracer, boolean enabled, Function<String[], String> traceparentOf) {
        this.tracer = tracer;
        this.enabled = enabled;
        this.traceparentOf = traceparentOf;
    }

    /** No spans at all (tests of the loop, tools without a service). */
    public static AgentTracing none() {
        return new AgentTracing(OpenTelemetry.noop().getTracer("troupe"), false, ids -> null);
    }

    /** The context of the task's span, or the current one when it cannot be had. */
    public Context taskContext(String runId, String taskId) {
        if (!enabled) {
            return Context.current();
        }
        String traceparent = traceparentOf.apply(new String[] {runId, taskId});
        if (traceparent == null) {
            return Context.current();
        }
        return W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of(TraceNames.TRACEPARENT, traceparent), GETTER);
    }

    /** {@code invoke_agent {agent}}: one turn of the agent on a task. */
    public Span startTurn(Context parent, String runId, String taskId, String agentId, int turn) {
        return span(TraceNames.invokeAgent(agentId), TraceNames.OPERATION_INVOKE_AGENT, runId, taskId, agentId)
                .setParent(parent)
                .setAttribute(TraceNames.GEN_AI_AGENT_NAME, agentId)
                .setAttribute(TraceNames.TURN, turn)
                .startSpan();
    }

    /** {@code chat {model}}: one LLM call, a child of the current turn. */
    public Span startChat(String provider, String model, String runId, String taskId, String agentId) {
        return span(TraceNames.chat(model), TraceNames.OPERATION_CHAT, runId, taskId, agentId)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(TraceNames.GEN_AI_PROVIDER_NAME, TraceNames.providerName(provider))
                .setAttribute(TraceNames.GEN_AI_REQUEST_MODEL, model)
                .startSpan();
    }

    /** Ends a chat span with the provider's token usage. */
    public static void endChat(Span chat, long inputTokens, long outputTokens) {
        chat.setAttribute(TraceNames.GEN_AI_USAGE_INPUT_TOKENS, inputTokens);
        chat.setAttribute(TraceNames.GEN_AI_USAGE_OUTPUT_TOKENS, outputTokens);
        chat.end();
    }

    /** {@code execute_tool {tool}}: one tool call, a child of the current turn. */
    public Span startTool(String tool, String runId, String taskId, String agentId) {
        return span(TraceNames.executeTool(tool), TraceNames.OPERATION_EXECUTE_TOOL, runId, taskId, agentId)
                .setAttribute(TraceNames.GEN_AI_TOOL_NAME, tool)
                .startSpan();
    }

    /** A span of one GenAI {@code operation} with the attributes every agent span carries. */
    private SpanBuilder span(String name, String operation, String runId, String taskId, String agentId) {
        return tracer.spanBuilder(name)
                .setAttribute(TraceNames.GEN_AI_OPERATION_NAME, operation)
                .setAttribute(TraceNames.GEN_AI_AGENT_ID, agentId)
                .setAttribute(TraceNames.RUN_ID, runId)
                .setAttribute(TraceNames.TASK_ID, taskId)
                .setAttribute(TraceNames.AGENT_ID, agentId);
    }

    /** Ends a tool span with the call's outcome ({@code ok}, {@code error}, ...). */
    public static void endTool(Span tool, String outcome) {
        tool.setAttribute(TraceNames.TOOL_OUTCOME, outcome);
        if (!"ok".equals(outcome)) {
            tool.setStatus(StatusCode.ERROR, outcome);
        }
        tool.end();
    }

    /**
     * {@code request} with the current trace context in its {@code traceparent} header, so that the
     * server's spans (the workspace's writes and test runs, the coordinator's claims) join the run's
     * trace: the JDK HTTP client is not instrumented. Unchanged outside a valid span.
     */
    public static HttpRequest propagate(HttpRequest request) {
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return request;
        }
        HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
        W3CTraceContextPropagator.getInstance().inject(context, copy, (b, key, value) -> b.setHeader(key, value));
        return copy.build();
    }

    /** Asks the coordinator ({@code GET /api/traces/runs/{run}/tasks/{task}}); null if it cannot tell. */
    private static Function<String[], String> fromCoordinator(String baseUrl) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return ids -> {
            String path = List.of("api", "traces", "runs", ids[0], "tasks", ids[1]).stream()
                    .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                    .reduce((a, b) -> a + "/" + b).orElseThrow();
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(baseUrl.replaceAll("/+$", "") + "/" + path)).timeout(Duration.ofSeconds(5)).GET();
                AgentCredentials.bearer(AgentCredentials.READER).ifPresent(b -> request.header("Authorization", b));
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = TRACEPARENT.matcher(response.body());
                return response.statusCode() == 200 && m.find() ? m.group(1) : null;
            } catch (java.io.IOException e) {
                LOG.debugf("no trace context for run %s task %s: %s", ids[0], ids[1], e.getMessage());
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        };
    }
}
