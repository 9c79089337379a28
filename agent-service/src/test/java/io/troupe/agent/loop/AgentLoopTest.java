package io.troupe.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.Lease;
import io.troupe.agent.clients.RunInfo;
import io.troupe.agent.clients.ServiceCallException;
import io.troupe.agent.clients.StaleLeaseException;
import io.troupe.agent.lease.TaskLease;
import io.troupe.agent.messages.TeamMessages;
import io.troupe.agent.tracing.AgentTracing;
import io.troupe.agent.model.AgentModel;
import io.troupe.agent.model.LatencyProfile;
import io.troupe.agent.model.SimulatedChatModel;
import io.troupe.agent.model.SimulationSettings;
import io.troupe.agent.model.TokenCounter;
import io.troupe.agent.model.UnsupportedModelException;
import io.troupe.agent.tools.AgentTools;
import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.AgentEvent.TaskAbandoned;
import io.troupe.protocol.events.AgentEvent.ToolCalled;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.AgentSettings;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.InboxMessage.Message;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.suite.SuiteManifest;
import io.troupe.protocol.suite.TaskSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
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
    private final List<ChatRequest> requests = new ArrayList<>();

    private AgentLoop loop(SimulationSettings settings, int turnBudget) {
        return loop((agent, a) -> new AgentModel("simulated-constant", recording(new SimulatedChatModel(
                "simulated-constant", a.runId(), agent, a.task(), new LatencyProfile.Constant(0), settings,
                () -> coordinator.solution(a.runId(), a.suiteId(), a.task().id(), agent), TOKENS, d -> { }))),
                turnBudget, 32_000);
    }

    private AgentLoop loop(io.troupe.agent.model.ChatModelFactory models, int turnBudget, int contextTokens) {
        return new AgentLoop(models, workspace, coordinator, events::add, TOKENS, turnBudget, contextTokens);
    }

    private ChatModel recording(ChatModel model) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                requests.add(request);
                return model.chat(request);
            }
        };
    }

    /** A model that answers with the given replies in turn, then with text only. */
    private AgentLoop scripted(int turnBudget, AiMessage... replies) {
        Deque<AiMessage> script = new ConcurrentLinkedDeque<>(List.of(replies));
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                requests.add(request);
                AiMessage reply = script.isEmpty() ? AiMessage.from("I am thinking.") : script.poll();
                return ChatResponse.builder().aiMessage(reply).tokenUsage(new TokenUsage(100, 10)).build();
            }
        };
        return loop((agent, a) -> new AgentModel("scripted", model), turnBudget, 32_000);
    }

    private static ToolExecutionRequest call(String id, String tool, String arguments) {
        return ToolExecutionRequest.builder().id(id).name(tool).arguments(arguments).build();
    }

    private <T extends AgentEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private List<String> outcomes() {
        return events(ToolCalled.class).stream().map(t -> t.tool() + ":" + t.outcome()).toList();
    }

    private static String lastToolResult(ChatRequest request, String toolName) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ToolExecutionResultMessage r && r.toolName().equals(toolName)) {
                return r.text();
            }
        }
        return null;
    }

    @Test
    void simulatedAgentWritesTestsAndCompletesItsTaskInTwoTurns() {
        // Given the dependency's file in the workspace
        workspace.put("calc/lexer.py", "def lex(s):\n    return s.split()\n", "agent-2");

        // When agent-1 works on the task
        loop(SimulationSettings.faultless(7), 5).work("agent-1", ASSIGNMENT);

        // Then the solution is the head, the task's tests ran, the task is complete
        assertThat(workspace.heads.get("calc/parser.py").content()).isEqualTo(FakeCoordinator.PARSER);
        assertThat(workspace.heads.get("calc/parser.py").author()).isEqualTo("agent-1");
        assertThat(workspace.writes).containsExactly(new FakeWorkspace.Write("calc/parser.py", null, true));
        assertThat(workspace.testRuns).containsExactly(List.of("tests/test_parser.py"));
        assertThat(coordinator.completed).containsExactly("run-1/b/agent-1");
        // and two turns were reported, with tokens counted from what was sent and written
        assertThat(events(TurnCompleted.class)).hasSize(2).allSatisfy(turn -> {
            assertThat(turn.runId()).isEqualTo(RUN);
            assertThat(turn.taskId()).isEqualTo("b");
            assertThat(turn.agentId()).isEqualTo("agent-1");
            assertThat(turn.model()).isEqualTo("simulated-constant");
            assertThat(turn.inputTokens()).isPositive();
            assertThat(turn.outputTokens()).isPositive();
        });
        TurnCompleted first = events(TurnCompleted.class).get(0);
        assertThat(first.inputTokens()).isEqualTo(TOKENS.prompt(requests.get(0).messages(), AgentTools.ALL));
        assertThat(first.outputTokens()).isGreaterThan(TOKENS.count(FakeCoordinator.PARSER));
        assertThat(events(TurnCompleted.class).get(1).inputTokens()).isGreaterThan(first.inputTokens());
        // and each tool call was reported
        assertThat(outcomes()).containsExactly("write_file:ok", "run_tests:ok", "complete_task:ok");
        // and the model was offered every tool as a LangChain4j tool specification
        assertThat(requests.get(0).toolSpecifications()).extracting(t -> t.name())
                .containsExactlyElementsOf(AgentTools.names());
    }

    @Test
    void contextCarriesTheTaskTheHeadsAndTheDependenciesFiles() {
        // Given
        workspace.put("calc/lexer.py", "def lex(s):\n    return s.split()\n", "agent-2");

        // When
        loop(SimulationSettings.faultless(7), 5).work("agent-1", ASSIGNMENT);

        // Then
        String task = ((UserMessage) requests.get(0).messages().get(1)).singleText();
        assertThat(task).contains("Parser", "Parse tokens into a tree.", "- calc/parser.py: does not exist yet",
                "tests/test_parser.py", "--- calc/lexer.py ---", "return s.split()");
        assertThat(lastToolResult(requests.get(1), AgentTools.RUN_TESTS)).contains("\"ok\":true", "2 passed");
    }

    @Test
    void aPaperTaskListsRepositoryAndSuccessCriteriaReachTheRealModelsPrompt() {
        // Given a suite imported from the paper's task lists: a repository, success criteria and one test
        // file for the whole project, none for the task
        TaskSpec core = new TaskSpec("1", "Core", "add(a, b) in calc/core.py", List.of(), List.of("calc/core.py"),
                List.of());
        coordinator.suites.put("paper-p09", new SuiteManifest("paper-p09", "Calculator p09", null, "python",
                "python3 -m pytest -q", List.of(core), "calc-p09", List.of("test_p09.py passes", "no global state"),
                List.of("conftest.py", "test_p09.py"), false));
        Assignment assignment = new Assignment(RUN, "agent-1", "paper-p09", core, List.of(),
                new ModelSpec("openai-compatible", "stub", 0), Instant.now());

        // When a real model's loop works on it: it writes its file, runs the tests, completes
        scripted(3, AiMessage.from("Writing.", List.of(
                        call("c1", AgentTools.WRITE_FILE, "{\"path\": \"calc/core.py\", \"content\": \"x\"}"),
                        call("c2", AgentTools.RUN_TESTS, "{}"))),
                AiMessage.from("Done.", List.of(call("c3", AgentTools.COMPLETE_TASK, "{}"))))
                .work("agent-1", assignment);

        // Then the prompt names the repository, the success criteria and the project's tests
        String prompt = ((UserMessage) requests.get(0).messages().get(1)).singleText();
        assertThat(prompt).startsWith("Repository: calc-p09\nThe project succeeds when:\n- test_p09.py passes\n"
                        + "- no global state\n\nYour task: 1 - Core")
                .contains("no tests of its own", "The project's tests (conftest.py, test_p09.py)")
                .doesNotContain("The task has no tests.");
        // and run_tests without paths ran the project's tests as a whole
        assertThat(workspace.testRuns).containsExactly(List.of());
        assertThat(coordinator.completed).containsExactly(RUN + "/1/agent-1");
    }

    @Test
    void aBuiltInSuitesPromptSaysNothingOfARepository() {
        coordinator.suites.put("tiny", new SuiteManifest("tiny", "Tiny", "A tiny project.", "python", "pytest",
                List.of(TASK)));

        loop(SimulationSettings.faultless(7), 5).work("agent-1", ASSIGNMENT);

        assertThat(((UserMessage) requests.get(0).messages().get(1)).singleText()).startsWith("Your task: b - Parser")
                .doesNotContain("Repository", "succeeds when");
    }

    @Test
    void existingFileIsWrittenOnTopOfTheHeadTheContextNamed() {
        // Given a stub of the file written before
        workspace.put("calc/parser.py", "# stub\n", "coordinator");

        // When
        loop(SimulationSettings.faultless(7), 5).work("agent-1", ASSIGNMENT);

        // Then the write named the head it replaced
        assertThat(workspace.writes).containsExactly(new FakeWorkspace.Write("calc/parser.py", 1L, true));
        assertThat(workspace.heads.get("calc/parser.py").version()).isEqualTo(2);
    }

    @Test
    void writeConflictComesBackToTheModelWithTheCurrentVersionAndAuthor() {
        // Given another agent that writes the file just before each of agent-1's first two writes
        workspace.interfereBeforeWrites("calc/parser.py", 2);

        // When
        loop(SimulationSettings.faultless(7), 8).work("agent-1", ASSIGNMENT);

        // Then each refused write was answered with the head to build on, and the third write is accepted
        assertThat(workspace.writes).containsExactly(
                new FakeWorkspace.Write("calc/parser.py", null, false),
                new FakeWorkspace.Write("calc/parser.py", 1L, false),
                new FakeWorkspace.Write("calc/parser.py", 2L, true));
        assertThat(lastToolResult(requests.get(1), AgentTools.WRITE_FILE))
                .contains("\"error\":\"write-conflict\"", "\"currentVersion\":1", "\"currentAuthor\":\"agent-rival\"",
                        "read_file it, merge");
        assertThat(workspace.heads.get("calc/parser.py").content()).isEqualTo(FakeCoordinator.PARSER);
        assertThat(coordinator.completed).hasSize(1);
        assertThat(outcomes()).filteredOn(o -> o.startsWith("write_file")).containsExactly("write_file:error",
                "write_file:error", "write_file:ok");
    }

    @Test
    void wrongCodeFailsItsTestsAndIsFixedOnALaterTurn() {
        // Given a simulated model that writes broken code half of the time, on 20 tasks
        SimulationSettings flaky = new SimulationSettings(1.0, 42, 0.5, 0, 1, 0, Map.of());
        AgentLoop loop = loop(flaky, 12);

        // When agent-1 does them
        for (int i = 0; i < 20; i++) {
            TaskSpec task = new TaskSpec("t" + i, "Task " + i, "", List.of(), List.of("calc/parser.py"),
                    List.of("tests/test_parser.py"));
            workspace.heads.clear();
            loop.work("agent-1", new Assignment(RUN, "agent-1", "tiny", task, List.of(), ModelSpec.simulated(0),
                    Instant.now()));
        }

        // Then every task is done with correct code, after some failing test runs that were fixed
        assertThat(coordinator.completed).hasSize(20);
        long failedRuns = outcomes().stream().filter("run_tests:error"::equals).count();
        assertThat(failedRuns).isBetween(8L, 35L);
        assertThat(events(TurnCompleted.class)).hasSize(40 + (int) failedRuns);
        assertThat(workspace.heads.get("calc/parser.py").content()).isEqualTo(FakeCoordinator.PARSER);
    }

    @Test
    void taskIsAbandonedAtTheTurnBudget() {
        // Given a model that always writes broken code
        SimulationSettings broken = new SimulationSettings(1.0, 1, 1.0, 0, 1, 0, Map.of());

        // When / Then
        assertThatThrownBy(() -> loop(broken, 3).work("agent-1", ASSIGNMENT))
                .isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("turn budget of 3");
        assertThat(events(TurnCompleted.class)).hasSize(3);
        assertThat(events(TaskAbandoned.class)).singleElement().satisfies(a -> {
            assertThat(a.turns()).isEqualTo(3);
            assertThat(a.reason()).contains("turn budget");
        });
        assertThat(coordinator.completed).isEmpty();
    }

    @Test
    void crashedTurnAbandonsTheTaskWithoutCompletingIt() {
        // Given
        SimulationSettings crashing = new SimulationSettings(1.0, 1, 0, 0, 1, 1.0, Map.of());

        // When / Then
        assertThatThrownBy(() -> loop(crashing, 5).work("agent-1", ASSIGNMENT))
                .isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("crash");
        assertThat(events(TaskAbandoned.class)).singleElement()
                .satisfies(a -> assertThat(a.reason()).startsWith("crashed"));
        assertThat(events(TurnCompleted.class)).isEmpty();
        assertThat(workspace.writes).isEmpty();
        assertThat(coordinator.completed).isEmpty();
    }

    @Test
    void malformedAndUnknownToolCallsAndTextRepliesAreAnsweredWithErrors() {
        // Given a model that first sends garbage, then text, then an unavailable tool, then does the task
        AgentLoop loop = scripted(8,
                AiMessage.from(List.of(
                        call("c1", AgentTools.WRITE_FILE, "{\"path\": \"calc/parser.py\", \"content\": "),
                        call("c2", "frobnicate", "{}"),
                        call("c3", AgentTools.WRITE_FILE, "{\"path\": 7, \"content\": \"x\"}"),
                        call("c4", AgentTools.WRITE_FILE, "{\"path\": \"calc/parser.py\", \"content\": \"x\", "
                                + "\"base_version\": \"latest\"}"),
                        call("c5", AgentTools.RUN_TESTS, "[1, 2]"))),
                AiMessage.from("Let me think about the parser."),
                AiMessage.from(List.of(call("c6", AgentTools.CLAIM_TASK, "{\"task_id\": \"c\"}"),
                        call("c7", AgentTools.COMPLETE_TASK, "{\"task_id\": \"zzz\"}"))),
                AiMessage.from(List.of(call("c8", AgentTools.WRITE_FILE, "{\"path\": \"calc/parser.py\", "
                        + "\"content\": \"def parse(s):\\n    return s\\n\", \"base_version\": null}"),
                        call("c9", AgentTools.RUN_TESTS, null))),
                AiMessage.from(List.of(call("c10", AgentTools.COMPLETE_TASK, "{}"))));

        // When
        loop.work("agent-1", ASSIGNMENT);

        // Then every bad call was recorded and answered, and the task was still done
        assertThat(outcomes()).containsExactly("write_file:malformed", "frobnicate:unknown-tool",
                "write_file:malformed", "write_file:malformed", "run_tests:malformed", ":no-tool-call",
                "claim_task:not-available", "complete_task:error", "write_file:ok", "run_tests:ok",
                "complete_task:ok");
        List<ChatMessage> second = requests.get(1).messages();
        assertThat(second.subList(second.size() - 5, second.size())).allSatisfy(m -> assertThat(
                ((ToolExecutionResultMessage) m).text()).contains("\"ok\":false"));
        assertThat(((ToolExecutionResultMessage) second.get(second.size() - 5)).text())
                .contains("malformed-arguments", "not valid JSON");
        assertThat(((ToolExecutionResultMessage) second.get(second.size() - 4)).text())
                .contains("unknown-tool", "frobnicate", "read_file, list_files, write_file");
        assertThat(((UserMessage) requests.get(2).messages().getLast()).singleText())
                .isEqualTo(AgentLoop.NO_TOOL_CALL_NUDGE);
        assertThat(lastToolResult(requests.get(3), AgentTools.CLAIM_TASK)).contains("not available in this "
                + "architecture yet");
        assertThat(lastToolResult(requests.get(3), AgentTools.COMPLETE_TASK)).contains("your task is b");
        assertThat(workspace.testRuns).containsExactly(List.of("tests/test_parser.py"));
        assertThat(coordinator.completed).containsExactly("run-1/b/agent-1");
        assertThat(events(TurnCompleted.class)).hasSize(5).allSatisfy(t -> {
            assertThat(t.model()).isEqualTo("scripted");
            assertThat(t.inputTokens()).isEqualTo(100);
            assertThat(t.outputTokens()).isEqualTo(10);
        });
    }

    @Test
    void sendMessageReachesTheTeamAndTeammatesMessagesReachTheModel() {
        // Given a team where agent-2 told agent-1 something, and a model that messages the team
        List<Message> sent = new ArrayList<>();
        Deque<Message> inbox = new ConcurrentLinkedDeque<>(List.of(new Message(RUN, "agent-1", "agent-2",
                "calc/lexer.py is done", Instant.now())));
        TeamMessages team = new TeamMessages() {
            @Override
            public void send(Message message) {
                sent.add(message);
            }

            @Override
            public List<Message> receive(String runId, String agentId) {
                List<Message> received = List.copyOf(inbox);
                inbox.clear();
                return received;
            }
        };
        Deque<AiMessage> script = new ConcurrentLinkedDeque<>(List.of(
                AiMessage.from(List.of(call("m1", AgentTools.SEND_MESSAGE, "{\"to\": \"all\", \"text\": \"b is "
                        + "mine\"}"), call("m2", AgentTools.SEND_MESSAGE, "{\"to\": \"agent-1\", \"text\": \"x\"}"),
                        call("m3", AgentTools.SEND_MESSAGE, "{\"to\": \"agent-2\"}"))),
                AiMessage.from(List.of(call("m4", AgentTools.COMPLETE_TASK, "{}")))));
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                requests.add(request);
                return ChatResponse.builder().aiMessage(script.poll()).tokenUsage(new TokenUsage(1, 1)).build();
            }
        };
        AgentLoop loop = new AgentLoop((agent, a) -> new AgentModel("scripted", model), workspace, coordinator,
                events::add, TOKENS, 5, 32_000, team, AgentTracing.none());

        // When
        loop.work("agent-1", ASSIGNMENT);

        // Then the message to all went out and was reported; one to itself and one without text were refused
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.agentId()).isEqualTo("all");
            assertThat(m.from()).isEqualTo("agent-1");
            assertThat(m.text()).isEqualTo("b is mine");
        });
        assertThat(events(AgentEvent.MessageSent.class)).singleElement()
                .satisfies(m -> assertThat(m.to() + "/" + m.chars() + "/" + m.taskId()).isEqualTo("all/9/b"));
        assertThat(outcomes()).containsExactly("send_message:ok", "send_message:malformed",
                "send_message:malformed", "complete_task:ok");
        // and agent-2's message was in the first request, after the task
        assertThat(((UserMessage) requests.getFirst().messages().getLast()).singleText())
                .contains("from agent-2: calc/lexer.py is done");
        // and each turn was announced before it was taken
        assertThat(events(AgentEvent.TurnStarted.class)).extracting(AgentEvent.TurnStarted::turn)
                .containsExactly(1, 2);
    }

    @Test
    void theRunsTurnLimitReplacesTheConfiguredBudget() {
        // Given an assignment of a run limited to 2 turns per task
        Assignment limited = new Assignment(RUN, "agent-1", "tiny", TASK, List.of(), ModelSpec.simulated(0),
                Instant.now(), AgentSettings.of("preassigned", 1, null, null, null, 2, null, List.of(), 0));

        // When a model that never calls a tool works on it with a configured budget of 10
        assertThatThrownBy(() -> scripted(10).work("agent-1", limited)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("turn budget of 2");

        // Then it gave up after 2 turns
        assertThat(events(TurnCompleted.class)).hasSize(2);
    }

    @Test
    void anAgentThatSpentTheRunsTokenLimitGivesUpItsTask() {
        // Given a run whose agents may spend 250 tokens each, and a model that spends 110 a turn
        Assignment limited = new Assignment(RUN, "agent-1", "tiny", TASK, List.of(), ModelSpec.simulated(0),
                Instant.now(), AgentSettings.of("queue", 1, null, null, null, null, 250L, List.of(), 0));

        // When it works / Then it gives up before its fourth turn, naming the limit
        assertThatThrownBy(() -> scripted(10).work("agent-1", limited)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("token limit of 250").hasCauseInstanceOf(TokenLimitException.class);
        assertThat(events(TurnCompleted.class)).hasSize(3);
        assertThat(events(TaskAbandoned.class)).singleElement().satisfies(a -> assertThat(a.turns()).isEqualTo(3));
    }

    @Test
    void modelThatNeverCallsAToolSpendsTheBudgetAndTheTaskIsAbandoned() {
        // When / Then
        assertThatThrownBy(() -> scripted(4).work("agent-1", ASSIGNMENT)).isInstanceOf(TaskFailedException.class);
        assertThat(outcomes()).containsExactly(":no-tool-call", ":no-tool-call", ":no-tool-call", ":no-tool-call");
        assertThat(events(TaskAbandoned.class)).hasSize(1);
    }

    @Test
    void failingModelAbandonsTheTask() {
        // Given a provider that keeps failing
        ChatModel failing = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                throw new IllegalStateException("HTTP 503 from the provider");
            }
        };

        // When / Then
        assertThatThrownBy(() -> loop((agent, a) -> new AgentModel("m", failing), 5, 32_000)
                .work("agent-1", ASSIGNMENT))
                .isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(events(TaskAbandoned.class)).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("the model m failed"));
    }

    @Test
    void completionRefusedByTheCoordinatorIsAnErrorResultNotACrash() {
        // Given a coordinator that says the task is not agent-1's
        coordinator.refuse = true;

        // When / Then: the model keeps trying until its budget is spent
        assertThatThrownBy(() -> loop(SimulationSettings.faultless(1), 3).work("agent-1", ASSIGNMENT))
                .isInstanceOf(TaskFailedException.class);
        assertThat(outcomes()).contains("complete_task:error");
        assertThat(lastToolResult(requests.get(2), AgentTools.COMPLETE_TASK)).contains("complete-refused",
                "task-not-owned");
    }

    @Test
    void completionPresentsTheLeaseEpoch() {
        // Given agent-1 holds task b with lease epoch 7
        TaskLease lease = new TaskLease(RUN, "b", "agent-1", 7L, Instant.now().plusSeconds(30));

        // When it does the task
        loop(SimulationSettings.faultless(1), 5).work("agent-1", ASSIGNMENT, lease);

        // Then its completion presented epoch 7
        assertThat(coordinator.epochs).containsExactly(7L);
        assertThat(coordinator.completed).containsExactly("run-1/b/agent-1");
    }

    @Test
    void staleLeaseOnCompletionMakesTheAgentDropTheTask() {
        // Given a coordinator that says agent-1's lease is stale (the task went to another agent)
        coordinator.stale = true;
        TaskLease lease = new TaskLease(RUN, "b", "agent-1", 3L, Instant.now().plusSeconds(30));

        // When / Then: the agent gives the task up at once instead of spending its turn budget
        assertThatThrownBy(() -> loop(SimulationSettings.faultless(1), 10).work("agent-1", ASSIGNMENT, lease))
                .isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("lost the lease");
        assertThat(lease.lost()).isTrue();
        assertThat(outcomes()).containsExactly("write_file:ok", "run_tests:ok", "complete_task:error");
        assertThat(events(TaskAbandoned.class)).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("lost the lease", "stale-lease"));
    }

    @Test
    void leaseLostWhileWorkingStopsTheAgentBeforeItsNextStep() {
        // Given a lease the renewer already found lost
        TaskLease lease = new TaskLease(RUN, "b", "agent-1", 3L, Instant.now().plusSeconds(30));
        lease.lose("stale-lease: epoch 3 is not agent-1's any more");

        // When / Then: no model call, no write
        assertThatThrownBy(() -> loop(SimulationSettings.faultless(1), 10).work("agent-1", ASSIGNMENT, lease))
                .isInstanceOf(TaskFailedException.class);
        assertThat(requests).isEmpty();
        assertThat(workspace.writes).isEmpty();
        assertThat(events(TaskAbandoned.class)).singleElement().satisfies(a -> assertThat(a.turns()).isZero());
    }

    @Test
    void largeDependencyFilesAreLeftOutOfTheContextByName() {
        // Given a dependency file far larger than the budget
        workspace.put("calc/lexer.py", "x = 1\n".repeat(5_000), "agent-2");

        // When
        loop((agent, a) -> new AgentModel("m", recording(new SimulatedChatModel("m", a.runId(), agent, a.task(),
                new LatencyProfile.Constant(0), SimulationSettings.faultless(1), () -> coordinator.solution(a.runId(),
                "tiny", "b", agent), TOKENS, d -> { }))), 5, 2_000).work("agent-1", ASSIGNMENT);

        // Then
        String task = ((UserMessage) requests.get(0).messages().get(1)).singleText();
        assertThat(task).doesNotContain("x = 1").contains("read_file them if needed): calc/lexer.py");
        assertThat(TOKENS.prompt(requests.get(0).messages(), AgentTools.ALL)).isLessThan(2_000);
    }

    @Test
    void oldToolResultsAreElidedToStayWithinTheBudget() {
        // Given a model that reads a large file three times, with a budget that holds about one copy
        workspace.put("notes.txt", "word ".repeat(1_500), "agent-2");
        ToolExecutionRequest read = call("r", AgentTools.READ_FILE, "{\"path\": \"notes.txt\"}");
        AgentLoop loop = loop((agent, a) -> new AgentModel("m", new ChatModel() {
            int turn;

            @Override
            public ChatResponse doChat(ChatRequest request) {
                requests.add(request);
                turn++;
                return ChatResponse.builder().aiMessage(turn < 4 ? AiMessage.from(List.of(read))
                        : AiMessage.from(List.of(call("c", AgentTools.COMPLETE_TASK, "{}")))).build();
            }
        }), 5, 3_000);

        // When
        loop.work("agent-1", ASSIGNMENT);

        // Then the last request kept only the newest copy
        List<ChatMessage> last = requests.get(3).messages();
        assertThat(last).filteredOn(ToolExecutionResultMessage.class::isInstance)
                .extracting(m -> ((ToolExecutionResultMessage) m).text())
                .containsExactly(Context.ELIDED, Context.ELIDED, lastToolResult(requests.get(3),
                        AgentTools.READ_FILE));
        assertThat(TOKENS.prompt(last, AgentTools.ALL)).isLessThanOrEqualTo(3_000);
        assertThat(events(TurnCompleted.class)).hasSize(4).allSatisfy(t -> assertThat(t.inputTokens()).isZero());
    }

    @Test
    void unsupportedModelFailsBeforeAnyWork() {
        // Given a loop that knows no model
        AgentLoop loop = loop((agent, a) -> {
            throw new UnsupportedModelException("no " + a.model().provider());
        }, 3, 32_000);

        // When / Then
        assertThatThrownBy(() -> loop.work("agent-1", ASSIGNMENT)).isInstanceOf(UnsupportedModelException.class);
        assertThat(workspace.writes).isEmpty();
        assertThat(coordinator.completed).isEmpty();
    }

    static final class FakeCoordinator implements CoordinatorClient {
        static final String PARSER = "from calc.lexer import lex\n\n\ndef parse(s):\n    return lex(s)\n";
        final List<String> completed = new ArrayList<>();
        final List<Long> epochs = new ArrayList<>();
        final Map<String, SuiteManifest> suites = new java.util.HashMap<>();
        boolean refuse;
        boolean stale;

        @Override
        public Map<String, String> solution(String runId, String suiteId, String taskId, String agentId) {
            return Map.of("calc/parser.py", PARSER);
        }

        @Override
        public void complete(String runId, String taskId, String agentId, Long epoch) {
            epochs.add(epoch);
            if (stale) {
                throw new StaleLeaseException("POST .../complete answered 409 stale-lease: the lease with epoch "
                        + epoch + " is not " + agentId + "'s any more");
            }
            if (refuse) {
                throw new ServiceCallException("POST .../complete answered 409: {\"type\": \"https://troupe.dev/"
                        + "problems/task-not-owned\"}", 409);
            }
            completed.add(runId + "/" + taskId + "/" + agentId);
        }
            @Override
        public Lease claim(String runId, String taskId, String agentId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Lease renew(String runId, String taskId, String agentId, Long epoch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunInfo run(String runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunInfo board(String runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TaskSpec> suiteTasks(String suiteId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<SuiteManifest> suite(String suiteId) {
            return java.util.Optional.ofNullable(suites.get(suiteId));
        }
    }
}
