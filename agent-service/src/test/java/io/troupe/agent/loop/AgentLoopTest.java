package io.troupe.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.model.ChatModel;
import io.troupe.agent.model.ChatReply;
import io.troupe.agent.model.ChatRequest;
import io.troupe.agent.model.SimulatedChatModel;
import io.troupe.agent.model.TokenCounter;
import io.troupe.agent.model.UnsupportedModelException;
import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.suite.TaskSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentLoopTest {
    private static final TokenCounter TOKENS = new TokenCounter();
    private static final String RUN = "run-1";
    private static final TaskSpec TASK = new TaskSpec("b", "Parser", "Parse tokens into a tree.", List.of("a"),
            List.of("calc/parser.py"), List.of("tests/test_parser.py"));
    private static final Assignment ASSIGNMENT = new Assignment(RUN, "agent-1", "tiny", TASK,
            List.of("calc/lexer.py"), ModelSpec.simulated(0), Instant.now());

    private final FakeWorkspace workspace = new FakeWorkspace();
    private final FakeCoordinator coordinator = new FakeCoordinator();
    private final List<AgentEvent> events = new ArrayList<>();
    private final List<ChatRequest> prompts = new ArrayList<>();

    private AgentLoop loop(int writeAttempts) {
        return new AgentLoop(spec -> recording(new SimulatedChatModel(spec, 1.0, coordinator, TOKENS)), workspace,
                coordinator, events::add, writeAttempts);
    }

    private ChatModel recording(ChatModel model) {
        return new ChatModel() {
            @Override
            public String name() {
                return model.name();
            }

            @Override
            public ChatReply chat(ChatRequest request) {
                prompts.add(request);
                return model.chat(request);
            }
        };
    }

    @Test
    void assignedTaskIsWrittenTestedAndCompletedInTwoTurns() {
        // Given the dependency's file in the workspace and the task's reference solution
        workspace.put("calc/lexer.py", "def lex(s):\n    return s.split()\n", "agent-2");

        // When agent-1 works on the task
        loop(3).work("agent-1", ASSIGNMENT);

        // Then the solution is the head, the task's tests ran, the task is complete
        assertThat(workspace.heads.get("calc/parser.py").content()).isEqualTo(FakeCoordinator.PARSER);
        assertThat(workspace.heads.get("calc/parser.py").author()).isEqualTo("agent-1");
        assertThat(workspace.writes).containsExactly(new FakeWorkspace.Write("calc/parser.py", null, true));
        assertThat(workspace.testRuns).containsExactly(List.of("tests/test_parser.py"));
        assertThat(coordinator.completed).containsExactly("run-1/b/agent-1");
        // and two turns were reported with tokens counted from what was sent and written
        assertThat(events).hasSize(2).allSatisfy(e -> {
            TurnCompleted turn = (TurnCompleted) e;
            assertThat(turn.runId()).isEqualTo(RUN);
            assertThat(turn.taskId()).isEqualTo("b");
            assertThat(turn.agentId()).isEqualTo("agent-1");
            assertThat(turn.inputTokens()).isPositive();
            assertThat(turn.outputTokens()).isPositive();
        });
        TurnCompleted write = (TurnCompleted) events.get(0);
        assertThat(write.outputTokens()).isGreaterThanOrEqualTo(TOKENS.count(FakeCoordinator.PARSER));
        assertThat(((TurnCompleted) events.get(1)).inputTokens()).isGreaterThan(write.inputTokens());
    }

    @Test
    void promptCarriesTheTaskAndTheDependenciesFiles() {
        // Given
        workspace.put("calc/lexer.py", "def lex(s):\n    return s.split()\n", "agent-2");

        // When
        loop(3).work("agent-1", ASSIGNMENT);

        // Then
        assertThat(prompts.get(0).prompt())
                .contains("Parser", "Parse tokens into a tree.", "calc/parser.py", "tests/test_parser.py")
                .contains("--- calc/lexer.py ---", "return s.split()");
        assertThat(prompts.get(1).prompt()).contains("2 passed");
    }

    @Test
    void existingFileIsUpdatedOnTopOfItsHead() {
        // Given a stub of the file written before
        workspace.put("calc/parser.py", "# stub\n", "coordinator");

        // When
        loop(3).work("agent-1", ASSIGNMENT);

        // Then the write named the head it replaced
        assertThat(workspace.writes).containsExactly(new FakeWorkspace.Write("calc/parser.py", 1L, true));
        assertThat(workspace.heads.get("calc/parser.py").version()).isEqualTo(2);
    }

    @Test
    void conflictingWriteIsReReadAndRetried() {
        // Given another agent that writes the file between each of agent-1's reads and writes, twice
        workspace.interfereBeforeWrites("calc/parser.py", 2);

        // When
        loop(3).work("agent-1", ASSIGNMENT);

        // Then the third attempt, based on the rival's latest version, is accepted
        assertThat(workspace.writes).containsExactly(
                new FakeWorkspace.Write("calc/parser.py", null, false),
                new FakeWorkspace.Write("calc/parser.py", 1L, false),
                new FakeWorkspace.Write("calc/parser.py", 2L, true));
        assertThat(workspace.heads.get("calc/parser.py").content()).isEqualTo(FakeCoordinator.PARSER);
        assertThat(coordinator.completed).hasSize(1);
    }

    @Test
    void writeGivesUpAfterTheBoundedAttemptsAndTheTaskIsNotCompleted() {
        // Given a rival that always wins the race
        workspace.interfereBeforeWrites("calc/parser.py", 100);

        // When / Then
        assertThatThrownBy(() -> loop(3).work("agent-1", ASSIGNMENT))
                .isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("calc/parser.py")
                .hasMessageContaining("3 attempts");
        assertThat(workspace.writes).hasSize(3);
        assertThat(coordinator.completed).isEmpty();
        assertThat(events).hasSize(1);
    }

    @Test
    void taskWithoutTestsIsCompletedWithoutATestRun() {
        // Given
        TaskSpec untested = new TaskSpec("b", "Parser", "", List.of(), List.of("calc/parser.py"), List.of());
        Assignment assignment = new Assignment(RUN, "agent-1", "tiny", untested, List.of(), ModelSpec.simulated(0),
                Instant.now());

        // When
        loop(3).work("agent-1", assignment);

        // Then
        assertThat(workspace.testRuns).isEmpty();
        assertThat(coordinator.completed).containsExactly("run-1/b/agent-1");
    }

    @Test
    void unsupportedModelFailsBeforeAnyWork() {
        // Given a loop that knows no model
        AgentLoop loop = new AgentLoop(spec -> {
            throw new UnsupportedModelException("no " + spec.provider());
        }, workspace, coordinator, events::add, 3);

        // When / Then
        assertThatThrownBy(() -> loop.work("agent-1", ASSIGNMENT)).isInstanceOf(UnsupportedModelException.class);
        assertThat(workspace.writes).isEmpty();
        assertThat(coordinator.completed).isEmpty();
    }

    static final class FakeCoordinator implements CoordinatorClient {
        static final String PARSER = "from calc.lexer import lex\n\n\ndef parse(s):\n    return lex(s)\n";
        final List<String> completed = new ArrayList<>();

        @Override
        public Map<String, String> solution(String suiteId, String taskId) {
            return Map.of("calc/parser.py", PARSER);
        }

        @Override
        public void complete(String runId, String taskId, String agentId) {
            completed.add(runId + "/" + taskId + "/" + agentId);
        }
    }
}
