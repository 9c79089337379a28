package io.troupe.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.troupe.agent.tools.AgentTools;
import io.troupe.protocol.events.AgentSettings;
import io.troupe.protocol.suite.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulatedChatModelTest {
    private static final TokenCounter TOKENS = new TokenCounter();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CODE = "def add(a, b):\n    return a + b\n";
    private static final TaskSpec TASK = new TaskSpec("a", "Add", "Add numbers.", List.of(), List.of("calc/add.py"),
            List.of("tests/test_add.py"));
    private static final List<ChatMessage> START = List.of(SystemMessage.from("You are agent-1."),
            UserMessage.from("Your task: a - Add\n- calc/add.py: does not exist yet\n"));

    private final List<Duration> slept = new ArrayList<>();

    private SimulatedChatModel model(LatencyProfile profile, SimulationSettings settings, String agentId) {
        return new SimulatedChatModel("m", "run-1", agentId, TASK, profile, settings, () -> Map.of("calc/add.py", CODE),
                TOKENS, slept::add);
    }

    private SimulatedChatModel model(SimulationSettings settings) {
        return model(new LatencyProfile.Constant(20), settings, "agent-1");
    }

    private static ChatResponse chat(SimulatedChatModel model, List<ChatMessage> messages) {
        return model.chat(ChatRequest.builder().messages(messages).toolSpecifications(AgentTools.ALL).build());
    }

    private static JsonNode args(ToolExecutionRequest call) throws Exception {
        return JSON.readTree(call.arguments());
    }

    private static List<ChatMessage> after(ChatResponse reply, String... results) {
        List<ChatMessage> messages = new ArrayList<>(START);
        messages.add(reply.aiMessage());
        List<ToolExecutionRequest> calls = reply.aiMessage().toolExecutionRequests();
        for (int i = 0; i < results.length; i++) {
            messages.add(ToolExecutionResultMessage.from(calls.get(i), results[i]));
        }
        return messages;
    }

    @Test
    void firstTurnWritesTheReferenceSolutionAndRunsTheTestsAsToolCalls() throws Exception {
        // When
        SimulatedChatModel model = model(SimulationSettings.faultless(1));
        ChatResponse reply = chat(model, START);

        // Then
        List<ToolExecutionRequest> calls = reply.aiMessage().toolExecutionRequests();
        assertThat(calls).extracting(ToolExecutionRequest::name).containsExactly("write_file", "run_tests");
        assertThat(args(calls.get(0)).path("path").asText()).isEqualTo("calc/add.py");
        assertThat(args(calls.get(0)).path("content").asText()).isEqualTo(CODE);
        assertThat(args(calls.get(0)).path("base_version").isNull()).isTrue();
        assertThat(args(calls.get(1)).path("paths").get(0).asText()).isEqualTo("tests/test_add.py");
        assertThat(calls).extracting(ToolExecutionRequest::id).doesNotHaveDuplicates();
        // and its usage is the real prompt's and reply's tokens
        assertThat(reply.tokenUsage().inputTokenCount()).isEqualTo(TOKENS.prompt(START, AgentTools.ALL));
        assertThat(reply.tokenUsage().outputTokenCount()).isEqualTo(TOKENS.reply(reply.aiMessage()))
                .isGreaterThan(TOKENS.count(CODE));
        assertThat(reply.modelName()).isEqualTo("m");
        assertThat(slept).containsExactly(Duration.ofMillis(20));
    }

    @Test
    void passingTestsLeadToCompleteTask() throws Exception {
        // Given
        SimulatedChatModel model = model(SimulationSettings.faultless(1));
        ChatResponse first = chat(model, START);

        // When
        ChatResponse second = chat(model, after(first, "{\"ok\":true,\"path\":\"calc/add.py\",\"version\":1}",
                "{\"ok\":true,\"passed\":2}"));

        // Then
        assertThat(second.aiMessage().toolExecutionRequests()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("complete_task");
            assertThat(args(c).path("task_id").asText()).isEqualTo("a");
        });
        assertThat(second.tokenUsage().inputTokenCount()).isGreaterThan(first.tokenUsage().inputTokenCount());
    }

    @Test
    void inADecentralizedRunTheModelTellsTheTeamBeforeCompleting() throws Exception {
        // Given the settings of an agent of a decentralized run
        SimulatedChatModel model = model(SimulationSettings.faultless(1).forAgent("agent-1",
                AgentSettings.of("decentralized", 3, null, null, null, null, null, List.of(), 0)));
        ChatResponse first = chat(model, START);

        // When its tests pass
        ChatResponse second = chat(model, after(first, "{\"ok\":true,\"path\":\"calc/add.py\",\"version\":1}",
                "{\"ok\":true,\"passed\":2}"));

        // Then it messages everyone, then completes
        List<ToolExecutionRequest> calls = second.aiMessage().toolExecutionRequests();
        assertThat(calls).extracting(ToolExecutionRequest::name).containsExactly("send_message", "complete_task");
        assertThat(args(calls.get(0)).path("to").asText()).isEqualTo("all");
        assertThat(args(calls.get(0)).path("text").asText()).contains("a is done", "calc/add.py");
    }

    @Test
    void theRunsSettingsForTheAgentReplaceTheConfiguredOnes() {
        // Given configured settings and a run that sets agent-2 (index 1) as a straggler with its own seed
        var configured = new SimulationSettings(0.5, 1, 0.1, 0, 10, 0, Map.of("agent-2", 2.0, "agent-3", 3.0));
        var run = AgentSettings.of("preassigned", 3, null, 9L, 0.01, null, null,
                List.of(Map.of("agent", 1, "slowdown", 5.0, "crashProbability", 0.5)), 1);

        // When
        SimulationSettings agent2 = configured.forAgent("agent-2", run);

        // Then what the run set wins and the rest stays
        assertThat(agent2.timeScale()).isEqualTo(0.01);
        assertThat(agent2.seed()).isEqualTo(9);
        assertThat(agent2.slowdownOf("agent-2")).isEqualTo(5.0);
        assertThat(agent2.slowdownOf("agent-3")).isEqualTo(3.0);
        assertThat(agent2.crashProbability()).isEqualTo(0.5);
        assertThat(agent2.wrongCodeProbability()).isEqualTo(0.1);
        assertThat(agent2.announceCompletion()).isFalse();
        assertThat(configured.forAgent("agent-2", null)).isSameAs(configured);
    }

    @Test
    void conflictIsWrittenAgainOnTopOfTheCurrentVersion() throws Exception {
        // Given
        SimulatedChatModel model = model(SimulationSettings.faultless(1));
        ChatResponse first = chat(model, START);

        // When
        ChatResponse second = chat(model, after(first, "{\"ok\":false,\"error\":\"write-conflict\",\"path\":"
                + "\"calc/add.py\",\"currentVersion\":4,\"currentAuthor\":\"agent-2\"}", "{\"ok\":false}"));

        // Then
        ToolExecutionRequest write = second.aiMessage().toolExecutionRequests().get(0);
        assertThat(write.name()).isEqualTo("write_file");
        assertThat(args(write).path("base_version").asLong()).isEqualTo(4);
    }

    @Test
    void failingTestsAreFixedOnTopOfTheVersionWritten() throws Exception {
        // Given
        SimulatedChatModel model = model(SimulationSettings.faultless(1));
        ChatResponse first = chat(model, START);

        // When
        ChatResponse second = chat(model, after(first, "{\"ok\":true,\"path\":\"calc/add.py\",\"version\":3}",
                "{\"ok\":false,\"failed\":1}"));

        // Then
        List<ToolExecutionRequest> calls = second.aiMessage().toolExecutionRequests();
        assertThat(calls).extracting(ToolExecutionRequest::name).containsExactly("write_file", "run_tests");
        assertThat(args(calls.get(0)).path("base_version").asLong()).isEqualTo(3);
        assertThat(args(calls.get(0)).path("content").asText()).isEqualTo(CODE);
    }

    @Test
    void wrongCodeIsABrokenSolution() throws Exception {
        // When
        ChatResponse reply = chat(model(new SimulationSettings(1, 1, 1.0, 0, 1, 0, Map.of())), START);

        // Then
        String content = args(reply.aiMessage().toolExecutionRequests().get(0)).path("content").asText();
        assertThat(content).startsWith(CODE).contains("raise AssertionError", SimulatedChatModel.BROKEN_MARKER);
    }

    @Test
    void latencyIsScaledByTheTimeScaleAndTheAgentsSlowdown() {
        // Given
        var settings = new SimulationSettings(0.25, 1, 0, 0, 1, 0, Map.of("agent-2", 5.0));

        // Then
        assertThat(model(new LatencyProfile.Constant(200), settings, "agent-1").draw().latency())
                .isEqualTo(Duration.ofMillis(50));
        assertThat(model(new LatencyProfile.Constant(200), settings, "agent-2").draw().latency())
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aTurnsLatencyIsDrawnForTheFilesItsReplyWrites() {
        // Given a fitted profile of 1 s + 2 s per file, and a task of two files
        var profile = new LatencyProfile.PerFile(1, 2, 0, new double[] {0.25, 0.75}, new double[] {-0.5, 0.5});
        var task = new TaskSpec("a", "Add", "Add numbers.", List.of(), List.of("calc/add.py", "calc/sub.py"),
                List.of("tests/test_add.py"));
        var settings = SimulationSettings.faultless(1);
        var model = new SimulatedChatModel("m", "run-1", "agent-1", task, profile, settings,
                () -> Map.of("calc/add.py", CODE, "calc/sub.py", CODE), TOKENS, slept::add);

        // When its first turn writes both files
        ChatResponse reply = chat(model, START);

        // Then it waited the same draw as a turn of two files of the same seed and task, 4 s more than one of none
        assertThat(reply.aiMessage().toolExecutionRequests()).filteredOn(r -> r.name().equals("write_file")).hasSize(2);
        var same = new SimulatedChatModel("m", "run-2", "agent-2", task, profile, settings, Map::of, TOKENS, d -> { });
        var none = new SimulatedChatModel("m", "run-2", "agent-2", task, profile, settings, Map::of, TOKENS, d -> { });
        assertThat(slept).containsExactly(same.draw(2).latency());
        assertThat(slept.getFirst().minus(none.draw(0).latency())).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void stalledTurnTakesTheStallFactorLonger() {
        // Given
        var settings = new SimulationSettings(1, 1, 0, 1.0, 30, 0, Map.of());

        // When
        var draw = model(new LatencyProfile.Constant(10), settings, "agent-1").draw();

        // Then
        assertThat(draw.stalled()).isTrue();
        assertThat(draw.latency()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void crashAfterTheTurnsLatency() {
        // Given
        SimulatedChatModel model = model(new SimulationSettings(1, 1, 0, 0, 1, 1.0, Map.of()));

        // When / Then
        assertThatThrownBy(() -> chat(model, START)).isInstanceOf(SimulatedCrashException.class)
                .hasMessageContaining("agent-1");
        assertThat(slept).hasSize(1);
    }

    @Test
    void aTasksDrawsDependOnTheSeedAndTheTaskNotOnTheRunOrTheAgent() {
        // Given faults with moderate probabilities and a measured latency profile
        LatencyProfile profile = LatencyProfiles.load().forName("gpt-5.2", 0);
        var settings = new SimulationSettings(1, 99, 0.3, 0.2, 10, 0.1, Map.of());

        // When
        List<SimulatedChatModel.Draw> a = draws(model(profile, settings, "agent-1"));
        List<SimulatedChatModel.Draw> b = draws(model(profile, settings, "agent-1"));
        List<SimulatedChatModel.Draw> otherAgentAndRun = draws(new SimulatedChatModel("m", "run-2", "agent-2", TASK,
                profile, settings, () -> Map.of("calc/add.py", CODE), TOKENS, slept::add));
        List<SimulatedChatModel.Draw> otherTask = draws(new SimulatedChatModel("m", "run-1", "agent-1",
                new TaskSpec("b", "Sub", "Subtract.", List.of(), List.of("calc/sub.py"), List.of()), profile, settings,
                () -> Map.of("calc/sub.py", CODE), TOKENS, slept::add));
        List<SimulatedChatModel.Draw> otherSeed = draws(model(profile,
                new SimulationSettings(1, 100, 0.3, 0.2, 10, 0.1, Map.of()), "agent-1"));

        // Then the same task draws the same whoever does it in whichever run (common random numbers)
        assertThat(a).isEqualTo(b).isEqualTo(otherAgentAndRun);
        // and another task or another seed draws otherwise
        assertThat(a).isNotEqualTo(otherTask).isNotEqualTo(otherSeed);
        assertThat(a).filteredOn(SimulatedChatModel.Draw::wrongCode).hasSizeBetween(40, 80);
        assertThat(a).filteredOn(SimulatedChatModel.Draw::stalled).hasSizeBetween(25, 60);
        assertThat(a).filteredOn(SimulatedChatModel.Draw::crashed).hasSizeBetween(8, 35);
    }

    private static List<SimulatedChatModel.Draw> draws(SimulatedChatModel model) {
        return IntStream.range(0, 200).mapToObj(i -> model.draw()).toList();
    }

    @Test
    void replyAfterCompletionIsText() {
        // Given
        SimulatedChatModel model = model(SimulationSettings.faultless(1));
        List<ChatMessage> messages = new ArrayList<>(START);
        ToolExecutionRequest complete = ToolExecutionRequest.builder().id("c").name("complete_task").arguments("{}")
                .build();
        messages.add(AiMessage.from(List.of(complete)));
        messages.add(ToolExecutionResultMessage.from(complete, "{\"ok\":true}"));

        // When
        ChatResponse reply = chat(model, messages);

        // Then
        assertThat(reply.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(reply.aiMessage().text()).contains("done");
    }

    @Test
    void tokenCounterMatchesCl100kBase() {
        // "hello world" is two tokens in cl100k_base
        assertThat(TOKENS.count("hello world")).isEqualTo(2);
        assertThat(TOKENS.count("")).isZero();
    }
}
