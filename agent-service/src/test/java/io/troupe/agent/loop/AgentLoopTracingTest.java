package io.troupe.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.troupe.agent.messages.TeamMessages;
import io.troupe.agent.model.AgentModel;
import io.troupe.agent.model.LatencyProfile;
import io.troupe.agent.model.SimulatedChatModel;
import io.troupe.agent.model.SimulationSettings;
import io.troupe.agent.model.TokenCounter;
import io.troupe.agent.tracing.AgentTracing;
import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.suite.TaskSpec;
import io.troupe.support.tracing.TraceNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentLoopTracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TASK_SPAN_ID = "00f067aa0ba902b7";
    private static final TokenCounter TOKENS = new TokenCounter();
    private static final TaskSpec TASK = new TaskSpec("b", "Parser", "Parse tokens into a tree.", List.of("a"),
            List.of("calc/parser.py"), List.of("tests/test_parser.py"));
    private static final Assignment ASSIGNMENT = new Assignment("run-1", "agent-1", "tiny", TASK,
            List.of("calc/lexer.py"), ModelSpec.simulated(0), Instant.now());

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    private final List<String[]> asked = new ArrayList<>();
    private final AgentTracing tracing = new AgentTracing(otel.getTracer("test"), true, ids -> {
        asked.add(ids);
        return "00-" + TRACE_ID + "-" + TASK_SPAN_ID + "-01";
    });

    @Test
    void turnsAreInvokeAgentSpansUnderTheTaskSpanWithChatAndToolSpansInside() {
        // Given a simulated agent whose task span the coordinator names
        FakeWorkspace workspace = new FakeWorkspace();
        workspace.put("calc/lexer.py", "def lex(s):\n    return s.split()\n", "agent-2");
        AgentLoopTest.FakeCoordinator coordinator = new AgentLoopTest.FakeCoordinator();
        List<AgentEvent> events = new ArrayList<>();
        AgentLoop loop = new AgentLoop((agent, a) -> new AgentModel("simulated-constant", new SimulatedChatModel(
                "simulated-constant", a.runId(), agent, a.task(), new LatencyProfile.Constant(0),
                SimulationSettings.faultless(7),
                () -> coordinator.solution(a.runId(), a.suiteId(), a.task().id(), agent), TOKENS,
                d -> { })), workspace, coordinator, events::add, TOKENS, 5, 32_000, TeamMessages.NONE, tracing);

        // When it works on its task
        loop.work("agent-1", ASSIGNMENT);

        // Then it asked for the task's context once, and each turn is an invoke_agent span under the task span
        assertThat(asked).singleElement().satisfies(ids -> assertThat(ids).containsExactly("run-1", "b"));
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).allSatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(s.getAttributes().get(key(TraceNames.RUN_ID))).isEqualTo("run-1");
            assertThat(s.getAttributes().get(key(TraceNames.TASK_ID))).isEqualTo("b");
            assertThat(s.getAttributes().get(key(TraceNames.AGENT_ID))).isEqualTo("agent-1");
            assertThat(s.getAttributes().get(key(TraceNames.GEN_AI_AGENT_ID))).isEqualTo("agent-1");
        });
        List<SpanData> turns = spans.stream().filter(s -> s.getName().equals("invoke_agent agent-1")).toList();
        assertThat(turns).hasSize(events.stream().filter(TurnCompleted.class::isInstance).toList().size())
                .hasSize(2)
                .allSatisfy(t -> assertThat(t.getParentSpanId()).isEqualTo(TASK_SPAN_ID));
        List<String> turnIds = turns.stream().map(SpanData::getSpanId).toList();
        // And each turn holds one chat span with the GenAI attributes and the turn's token usage
        List<SpanData> chats = spans.stream().filter(s -> s.getName().equals("chat simulated-constant")).toList();
        assertThat(chats).hasSize(2).allSatisfy(c -> {
            assertThat(turnIds).contains(c.getParentSpanId());
            assertThat(c.getAttributes().get(key(TraceNames.GEN_AI_OPERATION_NAME))).isEqualTo("chat");
            assertThat(c.getAttributes().get(key(TraceNames.GEN_AI_PROVIDER_NAME))).isEqualTo("troupe.simulated");
            assertThat(c.getAttributes().get(key(TraceNames.GEN_AI_REQUEST_MODEL))).isEqualTo("simulated-constant");
        });
        TurnCompleted first = events.stream().filter(TurnCompleted.class::isInstance).map(TurnCompleted.class::cast)
                .findFirst().orElseThrow();
        assertThat(chats).anySatisfy(c -> {
            assertThat(c.getAttributes().get(AttributeKey.longKey(TraceNames.GEN_AI_USAGE_INPUT_TOKENS)))
                    .isEqualTo((long) first.inputTokens());
            assertThat(c.getAttributes().get(AttributeKey.longKey(TraceNames.GEN_AI_USAGE_OUTPUT_TOKENS)))
                    .isEqualTo((long) first.outputTokens());
        });
        // And the tool calls are execute_tool spans inside the turns
        List<SpanData> tools = spans.stream().filter(s -> s.getName().startsWith("execute_tool ")).toList();
        assertThat(tools).extracting(SpanData::getName).contains("execute_tool write_file", "execute_tool run_tests",
                "execute_tool complete_task");
        assertThat(tools).allSatisfy(t -> {
            assertThat(turnIds).contains(t.getParentSpanId());
            assertThat(t.getAttributes().get(key(TraceNames.GEN_AI_OPERATION_NAME))).isEqualTo("execute_tool");
            assertThat(t.getAttributes().get(key(TraceNames.TOOL_OUTCOME))).isEqualTo("ok");
        });
    }

    private static AttributeKey<String> key(String name) {
        return AttributeKey.stringKey(name);
    }
}
