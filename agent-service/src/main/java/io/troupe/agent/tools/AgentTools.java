package io.troupe.agent.tools;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;

/**
 * The tools every agent's model is offered, as LangChain4j tool specifications: the same for
 * real providers and the simulated model. Results come back as JSON text with {@code ok}; a
 * failed call has {@code error} (a stable slug) and {@code detail}.
 */
public final class AgentTools {
    public static final String READ_FILE = "read_file";
    public static final String LIST_FILES = "list_files";
    public static final String WRITE_FILE = "write_file";
    public static final String RUN_TESTS = "run_tests";
    public static final String COMPLETE_TASK = "complete_task";
    public static final String CLAIM_TASK = "claim_task";
    public static final String SEND_MESSAGE = "send_message";
    public static final String ASSIGN_TASK = "assign_task";

    public static final List<ToolSpecification> ALL = List.of(
            tool(READ_FILE, "Read the head of a file of the shared workspace: its content, version and author.",
                    JsonObjectSchema.builder()
                            .addStringProperty("path", "relative path, e.g. calc/lexer.py")
                            .required("path").build()),
            tool(LIST_FILES, "List the workspace's files with their versions and authors.",
                    JsonObjectSchema.builder().build()),
            tool(WRITE_FILE, "Write a file as the next version of its head. base_version must be the version you "
                            + "read (omit it, or null, to create a file that does not exist yet). If someone else "
                            + "wrote the file since, the write is refused with the current version and its author: "
                            + "read it, merge, and write again on top of it.",
                    JsonObjectSchema.builder()
                            .addStringProperty("path", "relative path, e.g. calc/parser.py")
                            .addStringProperty("content", "the whole new content of the file")
                            .addIntegerProperty("base_version", "the head version this content replaces")
                            .required("path", "content").build()),
            tool(RUN_TESTS, "Run tests on a snapshot of the workspace. Without paths, your task's tests run.",
                    JsonObjectSchema.builder()
                            .addProperty("paths", JsonArraySchema.builder().items(new JsonStringSchema())
                                    .description("test files, e.g. tests/test_parser.py").build())
                            .build()),
            tool(COMPLETE_TASK, "Mark your task as done once its tests pass. This ends your work on it.",
                    JsonObjectSchema.builder()
                            .addStringProperty("task_id", "the id of your task")
                            .build()),
            tool(CLAIM_TASK, "Claim a READY task of the board for yourself.",
                    JsonObjectSchema.builder()
                            .addStringProperty("task_id", "the id of the task to claim")
                            .required("task_id").build()),
            tool(SEND_MESSAGE, "Send a message to one teammate, or to all with to = \"all\".",
                    JsonObjectSchema.builder()
                            .addStringProperty("to", "an agent id, or all")
                            .addStringProperty("text", "the message")
                            .required("to", "text").build()),
            tool(ASSIGN_TASK, "As the team's lead: give a task to an agent.",
                    JsonObjectSchema.builder()
                            .addStringProperty("task_id", "the task")
                            .addStringProperty("agent_id", "the agent who will do it")
                            .required("task_id", "agent_id").build()));

    /** The tools of a {@code lead} run's lead: it assigns, the team does the work. */
    public static final List<ToolSpecification> LEAD = ALL.stream().filter(t -> t.name().equals(ASSIGN_TASK))
            .toList();

    private AgentTools() {
    }

    private static ToolSpecification tool(String name, String description, JsonObjectSchema parameters) {
        return ToolSpecification.builder().name(name).description(description).parameters(parameters).build();
    }

    /** The names of {@link #ALL}. */
    public static List<String> names() {
        return ALL.stream().map(ToolSpecification::name).toList();
    }
}
