package io.troupe.agent.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.model.ChatRequest.Phase;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.suite.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedChatModelTest {
    private static final TokenCounter TOKENS = new TokenCounter();
    private static final String CODE = "def add(a, b):\n    return a + b\n";
    private static final TaskSpec TASK = new TaskSpec("a", "Add", "Add numbers.", List.of(), List.of("calc/add.py"),
            List.of("tests/test_add.py"));
    private static final CoordinatorClient SOLUTIONS = new CoordinatorClient() {
        @Override
        public Map<String, String> solution(String suiteId, String taskId) {
            return Map.of("calc/add.py", CODE);
        }

        @Override
        public void complete(String runId, String taskId, String agentId) {
        }
    };

    @Test
    void latencyIsScaledByTheTimeScale() {
        // When
        var model = new SimulatedChatModel(ModelSpec.simulated(200), 0.25, SOLUTIONS, TOKENS);

        // Then
        assertThat(model.latency()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void writeTurnAnswersWithTheReferenceSolutionAndCountsTokens() {
        // Given
        var model = new SimulatedChatModel(ModelSpec.simulated(20), 1.0, SOLUTIONS, TOKENS);
        String prompt = "You are agent-1. Write calc/add.py so that tests/test_add.py passes.";

        // When
        long start = System.nanoTime();
        ChatReply reply = model.chat(new ChatRequest("r", "agent-1", "tiny", TASK, Phase.WRITE, prompt));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        // Then
        assertThat(reply.files()).containsExactly(Map.entry("calc/add.py", CODE));
        assertThat(reply.text()).contains("write_file(\"calc/add.py\")", CODE);
        assertThat(reply.inputTokens()).isEqualTo(TOKENS.count(prompt)).isPositive();
        assertThat(reply.outputTokens()).isEqualTo(TOKENS.count(reply.text()))
                .isGreaterThan(TOKENS.count(CODE));
        assertThat(tookMillis).isGreaterThanOrEqualTo(20);
        assertThat(model.name()).isEqualTo("simulated-constant");
    }

    @Test
    void reviewTurnWritesNothing() {
        // Given
        var model = new SimulatedChatModel(ModelSpec.simulated(0), 1.0, SOLUTIONS, TOKENS);

        // When
        ChatReply reply = model.chat(new ChatRequest("r", "agent-1", "tiny", TASK, Phase.REVIEW, "3 passed"));

        // Then
        assertThat(reply.files()).isEmpty();
        assertThat(reply.text()).contains("complete_task(\"a\")");
        assertThat(reply.outputTokens()).isPositive();
    }

    @Test
    void tokenCounterMatchesCl100kBase() {
        // "hello world" is two tokens in cl100k_base
        assertThat(TOKENS.count("hello world")).isEqualTo(2);
        assertThat(TOKENS.count("")).isZero();
    }
}
