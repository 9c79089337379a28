package io.troupe.agent.loop;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.troupe.agent.clients.WorkspaceClient.FileHead;
import io.troupe.agent.model.TokenCounter;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.InboxMessage.Message;
import io.troupe.protocol.suite.SuiteManifest;
import io.troupe.protocol.suite.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent's conversation about one task, kept within a token budget: the system message, the
 * task (its files' heads, its tests, its dependencies' files as far as half the budget allows;
 * the rest by name, to be read with {@code read_file}), then the model's replies and tool
 * results. When the whole exceeds the budget, the oldest tool results are elided first.
 */
final class Context {
    static final String ELIDED = "{\"ok\":null,\"elided\":\"this older tool result was removed to fit the context "
            + "budget; call the tool again if you need it\"}";

    private final TokenCounter tokens;
    private final int budget;
    private final List<ChatMessage> messages = new ArrayList<>();

    Context(TokenCounter tokens, int budget) {
        this.tokens = tokens;
        this.budget = budget;
    }

    static String system(String agentId, String suiteId) {
        return "You are " + agentId + ", one agent of a team of coding agents building the Python project '"
                + suiteId + "' in a shared, versioned workspace. Other agents work on other tasks in the same "
                + "workspace at the same time. Work only through the tools. Every write names the version it "
                + "replaces (base_version); if a write is refused because someone else wrote the file, read it, "
                + "merge and write again. Tell teammates what they need to know with send_message. When your task's "
                + "tests pass, call complete_task.";
    }

    /** Starts the conversation about {@code assignment}, without anything about the project beyond the task. */
    void start(String agentId, Assignment assignment, Map<String, Optional<FileHead>> ownFiles,
               Map<String, String> dependencyFiles) {
        start(agentId, assignment, Optional.empty(), ownFiles, dependencyFiles);
    }

    /**
     * Starts the conversation about {@code assignment}; {@code suite} adds what every agent of the project
     * is told: its repository, its success criteria and the suite's own tests (a suite that has none of
     * them, as the built-in ones, adds nothing, so their prompts stay as they were).
     */
    void start(String agentId, Assignment assignment, Optional<SuiteManifest> suite,
               Map<String, Optional<FileHead>> ownFiles, Map<String, String> dependencyFiles) {
        TaskSpec task = assignment.task();
        messages.add(SystemMessage.from(system(agentId, assignment.suiteId())));
        StringBuilder text = new StringBuilder();
        suite.ifPresent(s -> project(s, text));
        text.append("Your task: ").append(task.id()).append(" - ").append(task.title()).append('\n')
                .append(task.description() == null ? "" : task.description().strip()).append("\n\n")
                .append("Write these files (current heads):\n");
        ownFiles.forEach((path, head) -> text.append("- ").append(path).append(": ").append(head
                .map(h -> "version " + h.version() + " by " + h.author())
                .orElse("does not exist yet")).append('\n'));
        List<String> suiteTests = suite.map(SuiteManifest::tests).orElse(List.of());
        if (!task.tests().isEmpty()) {
            text.append("They must pass: ").append(String.join(", ", task.tests())).append('\n');
        } else if (!suiteTests.isEmpty()) {
            // The paper's lists: one test file for the whole project, judged on the final files.
            text.append("Your task has no tests of its own. The project's tests (").append(String.join(", ",
                            suiteTests)).append(") check the whole project and decide, once every task is done, "
                            + "whether it succeeded; run_tests without paths runs them. Until the other tasks are "
                            + "done, failures in their parts are expected: make the parts of your task pass, then "
                            + "call complete_task.\n");
        } else {
            text.append("The task has no tests.\n");
        }
        if (!dependencyFiles.isEmpty()) {
            int room = budget / 2 - tokens.count(text.toString()) - tokens.count(messages.get(0).toString());
            List<String> omitted = new ArrayList<>();
            StringBuilder files = new StringBuilder("\nFiles written for the tasks yours depends on:\n");
            for (var file : dependencyFiles.entrySet()) {
                String block = "--- " + file.getKey() + " ---\n" + file.getValue()
                        + (file.getValue().endsWith("\n") ? "" : "\n");
                int cost = tokens.count(block);
                if (cost <= room) {
                    files.append(block);
                    room -= cost;
                } else {
                    omitted.add(file.getKey());
                }
            }
            text.append(files);
            if (!omitted.isEmpty()) {
                text.append("Not shown to fit the context budget (read_file them if needed): ")
                        .append(String.join(", ", omitted)).append('\n');
            }
        }
        messages.add(UserMessage.from(text.toString()));
    }

    // The repository and the success criteria of the paper's task lists, before the task.
    private static void project(SuiteManifest suite, StringBuilder text) {
        if (suite.repository() != null && !suite.repository().isBlank()) {
            text.append("Repository: ").append(suite.repository().strip()).append('\n');
        }
        if (!suite.successCriteria().isEmpty()) {
            text.append("The project succeeds when:\n");
            suite.successCriteria().forEach(c -> text.append("- ").append(c.strip()).append('\n'));
        }
        if (!text.isEmpty()) {
            text.append('\n');
        }
    }

    /** Teammates' messages as the text of one user message. */
    static String teammates(List<Message> received) {
        StringBuilder text = new StringBuilder("Messages from your teammates:\n");
        received.forEach(m -> text.append("- from ").append(m.from())
                .append(InboxMessage.ALL.equals(m.agentId()) ? " to all" : "").append(": ").append(m.text().strip())
                .append('\n'));
        return text.toString();
    }

    void add(ChatMessage message) {
        messages.add(message);
    }

    /** The messages to send, with the oldest tool results elided while the whole exceeds the budget. */
    List<ChatMessage> messages(List<ToolSpecification> tools) {
        int total = tokens.prompt(messages, tools);
        for (int i = 0; i < messages.size() && total > budget; i++) {
            if (messages.get(i) instanceof ToolExecutionResultMessage result && !ELIDED.equals(result.text())) {
                ToolExecutionResultMessage elided = ToolExecutionResultMessage.from(result.id(), result.toolName(),
                        ELIDED);
                total += tokens.count(elided) - tokens.count(result);
                messages.set(i, elided);
            }
        }
        return List.copyOf(messages);
    }

    int size() {
        return messages.size();
    }
}
