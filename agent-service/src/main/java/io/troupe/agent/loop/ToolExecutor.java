package io.troupe.agent.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.Retries;
import io.troupe.agent.clients.ServiceCallException;
import io.troupe.agent.clients.StaleLeaseException;
import io.troupe.agent.clients.WorkspaceClient;
import io.troupe.agent.clients.WorkspaceClient.TestRunResult;
import io.troupe.agent.clients.WorkspaceClient.WriteOutcome;
import io.troupe.agent.events.AgentEvents;
import io.troupe.agent.lease.TaskLease;
import io.troupe.agent.messages.TeamMessages;
import io.troupe.agent.tools.AgentTools;
import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.suite.TaskSpec;
import io.troupe.support.outbox.BoundedSend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Runs one tool call of an agent's model against the workspace and the coordinator, and says
 * how it went as JSON for the model. Nothing the model sends makes it throw: arguments that are
 * not a JSON object or miss a required member, unknown tools and failing peers all become an
 * error result the model can act on.
 */
final class ToolExecutor {
    static final int MAX_TEST_OUTPUT = 4_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ToolExecutor.class);
    /** How long a completion is retried while the coordinator is away. */
    static final java.time.Duration COMPLETE_RETRY = java.time.Duration.ofSeconds(60);
    private static final java.time.Duration COMPLETE_RETRY_PAUSE = java.time.Duration.ofMillis(500);

    static final int MAX_MESSAGE = 2_000;

    private final WorkspaceClient workspace;
    private final CoordinatorClient coordinator;
    private final TeamMessages messages;
    private final AgentEvents events;
    /** The run's time as an agent reads it: (runId, agentId) to the time its events carry. */
    private final BiFunction<String, String, Instant> clock;

    ToolExecutor(WorkspaceClient workspace, CoordinatorClient coordinator) {
        this(workspace, coordinator, TeamMessages.NONE, event -> { }, (run, agent) -> Instant.now());
    }

    ToolExecutor(WorkspaceClient workspace, CoordinatorClient coordinator, TeamMessages messages,
                 AgentEvents events, BiFunction<String, String, Instant> clock) {
        this.workspace = workspace;
        this.coordinator = coordinator;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
    }

    /** Arguments a model got wrong. */
    private static final class BadArguments extends Exception {
        BadArguments(String message) {
            super(message);
        }
    }

    ToolResult execute(String runId, String agentId, TaskSpec task, ToolExecutionRequest call) {
        return execute(runId, agentId, task, TaskLease.unknown(runId, task.id(), agentId), call);
    }

    ToolResult execute(String runId, String agentId, TaskSpec task, TaskLease lease, ToolExecutionRequest call) {
        String tool = call.name() == null ? "" : call.name();
        if (!AgentTools.names().contains(tool)) {
            return new ToolResult(ToolResult.UNKNOWN_TOOL, error("unknown-tool", "there is no tool '" + tool
                    + "'; the tools are " + String.join(", ", AgentTools.names())), false);
        }
        try {
            JsonNode args = arguments(call.arguments());
            return switch (tool) {
                case AgentTools.READ_FILE -> read(runId, text(args, "path"));
                case AgentTools.LIST_FILES -> list(runId);
                case AgentTools.WRITE_FILE -> write(runId, agentId, text(args, "path"), text(args, "content"),
                        version(args));
                case AgentTools.RUN_TESTS -> runTests(runId, agentId, task, paths(args));
                case AgentTools.COMPLETE_TASK -> complete(runId, agentId, task, lease,
                        optionalText(args, "task_id"));
                case AgentTools.SEND_MESSAGE -> send(runId, agentId, task, text(args, "to"), text(args, "text"));
                default -> new ToolResult(ToolResult.NOT_AVAILABLE, error("not-available", tool + " is not "
                        + "available in this architecture yet: your task was assigned to you; write its files, "
                        + "run its tests and call complete_task"), false);
            };
        } catch (BadArguments e) {
            return new ToolResult(ToolResult.MALFORMED, error("malformed-arguments", tool + ": " + e.getMessage()),
                    false);
        } catch (ServiceCallException e) {
            return new ToolResult(ToolResult.ERROR, error("service-error", tool + " failed: " + e.getMessage()),
                    false);
        }
    }

    private ToolResult read(String runId, String path) {
        return workspace.read(runId, path)
                .map(head -> new ToolResult(ToolResult.OK, json(ok().put("path", path).put("version", head.version())
                        .put("author", head.author()).put("content", head.content())), false))
                .orElseGet(() -> new ToolResult(ToolResult.ERROR, json(errorNode("not-found", path + " does not "
                        + "exist; write_file without base_version creates it").put("path", path)), false));
    }

    private ToolResult list(String runId) {
        ObjectNode result = ok();
        var files = result.putArray("files");
        workspace.list(runId).forEach(f -> files.addObject().put("path", f.path()).put("version", f.version())
                .put("author", f.author()).put("size", f.size()));
        return new ToolResult(ToolResult.OK, json(result), false);
    }

    private ToolResult write(String runId, String agentId, String path, String content, Long base) {
        WriteOutcome outcome = workspace.write(runId, path, content, base, agentId);
        return switch (outcome) {
            case WriteOutcome.Written w -> new ToolResult(ToolResult.OK, json(ok().put("path", path)
                    .put("version", w.version())), false);
            case WriteOutcome.Conflict c -> {
                ObjectNode result = errorNode("write-conflict", c.headVersion() == null
                        ? path + " does not exist any more; write it without base_version to create it"
                        : path + " is at version " + c.headVersion() + " by " + c.headAuthor() + ", not "
                        + (base == null ? "absent" : "at version " + base) + " as you assumed: read_file it, merge "
                        + "your change into it and write again with base_version " + c.headVersion());
                result.put("path", path);
                if (base == null) {
                    result.putNull("baseVersion");
                } else {
                    result.put("baseVersion", base);
                }
                if (c.headVersion() == null) {
                    result.putNull("currentVersion");
                } else {
                    result.put("currentVersion", c.headVersion());
                }
                result.put("currentAuthor", c.headAuthor());
                yield new ToolResult(ToolResult.ERROR, json(result), false);
            }
        };
    }

    private ToolResult runTests(String runId, String agentId, TaskSpec task, Optional<List<String>> paths) {
        List<String> run = paths.filter(p -> !p.isEmpty()).orElse(task.tests());
        TestRunResult r = workspace.runTests(runId, run, agentId);
        String output = r.output() == null ? "" : r.output();
        if (output.length() > MAX_TEST_OUTPUT) {
            output = "..." + output.substring(output.length() - MAX_TEST_OUTPUT);
        }
        ObjectNode result = JSON.createObjectNode().put("ok", r.succeeded()).put("passed", r.passed())
                .put("failed", r.failed()).put("errors", r.errors()).put("exitCode", r.exitCode())
                .put("timedOut", r.timedOut()).put("output", output);
        return new ToolResult(r.succeeded() ? ToolResult.OK : ToolResult.ERROR, json(result), false);
    }

    private ToolResult send(String runId, String agentId, TaskSpec task, String to, String text)
            throws BadArguments {
        if (to.isBlank() || to.equals(agentId)) {
            throw new BadArguments("'to' must be a teammate's agent id or \"all\", not " + (to.isBlank() ? "blank"
                    : "yourself"));
        }
        if (text.isBlank() || text.length() > MAX_MESSAGE) {
            throw new BadArguments("'text' must hold 1 to " + MAX_MESSAGE + " characters, not " + text.length());
        }
        Instant now = clock.apply(runId, agentId);
        try {
            messages.send(new InboxMessage.Message(runId, to, agentId, text, now));
        } catch (BoundedSend.NotDelivered e) {
            return new ToolResult(ToolResult.ERROR, error("not-delivered", "the message did not go out (the "
                    + "message broker did not answer in time); send it again"), false);
        }
        events.publish(new AgentEvent.MessageSent(runId, agentId, task.id(), to, text.length(), now));
        return new ToolResult(ToolResult.OK, json(ok().put("to", to)), false);
    }

    private ToolResult complete(String runId, String agentId, TaskSpec task, TaskLease lease,
                                Optional<String> taskId) {
        if (taskId.isPresent() && !taskId.get().equals(task.id())) {
            return new ToolResult(ToolResult.ERROR, error("not-your-task", "your task is " + task.id() + ", not "
                    + taskId.get()), false);
        }
        try {
            lease.complete(() -> completeRetrying(runId, task.id(), agentId, lease));
        } catch (StaleLeaseException e) {
            lease.lose(e.getMessage());
            return new ToolResult(ToolResult.ERROR, error("lease-lost", "you do not hold task " + task.id()
                    + " any more (your lease ran out and it went to another agent): stop working on it"), false);
        } catch (ServiceCallException e) {
            return new ToolResult(ToolResult.ERROR, error("complete-refused", "the coordinator refused to "
                    + "complete " + task.id() + ": " + e.getMessage()), false);
        }
        return new ToolResult(ToolResult.OK, json(ok().put("task", task.id()).put("state", "DONE")), true);
    }

    /**
     * Completes the task, retrying for up to {@link #COMPLETE_RETRY} while the coordinator cannot be
     * reached or answers 502-504 (restarting, say): the work is done, and redoing it because the
     * coordinator was away for a moment would waste turns. A completion the coordinator already
     * applied is safe to repeat (it answers as for the first).
     */
    private void completeRetrying(String runId, String taskId, String agentId, TaskLease lease) {
        Retries.whileAway(COMPLETE_RETRY, COMPLETE_RETRY_PAUSE, () -> {
            coordinator.complete(runId, taskId, agentId, lease.epoch());
            return null;
        }, e -> LOG.warnf("the coordinator is away (%s); retrying the completion (runId=%s taskId=%s agentId=%s)",
                e.getMessage(), runId, taskId, agentId));
    }

    private static JsonNode arguments(String arguments) throws BadArguments {
        if (arguments == null || arguments.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(arguments);
            if (node == null || !node.isObject()) {
                throw new BadArguments("the arguments must be a JSON object, not: " + abbreviate(arguments));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadArguments("the arguments are not valid JSON (" + e.getOriginalMessage() + "): "
                    + abbreviate(arguments));
        }
    }

    private static String text(JsonNode args, String name) throws BadArguments {
        JsonNode value = args.get(name);
        if (value == null || value.isNull()) {
            throw new BadArguments("'" + name + "' is required");
        }
        if (!value.isTextual()) {
            throw new BadArguments("'" + name + "' must be a string");
        }
        return value.asText();
    }

    private static Optional<String> optionalText(JsonNode args, String name) throws BadArguments {
        JsonNode value = args.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new BadArguments("'" + name + "' must be a string");
        }
        return Optional.of(value.asText());
    }

    private static Long version(JsonNode args) throws BadArguments {
        JsonNode value = args.get("base_version");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.canConvertToExactIntegral() && value.isNumber()) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().matches("\\d{1,18}")) {
            return Long.parseLong(value.asText());
        }
        throw new BadArguments("'base_version' must be an integer version (or null to create the file), not "
                + value);
    }

    private static Optional<List<String>> paths(JsonNode args) throws BadArguments {
        JsonNode value = args.get("paths");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw new BadArguments("'paths' must be an array of test file paths");
        }
        List<String> paths = new ArrayList<>();
        for (JsonNode p : value) {
            if (!p.isTextual()) {
                throw new BadArguments("'paths' must hold strings, not " + p);
            }
            paths.add(p.asText());
        }
        return Optional.of(paths);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("ok", true);
    }

    private static ObjectNode errorNode(String error, String detail) {
        return JSON.createObjectNode().put("ok", false).put("error", error).put("detail", detail);
    }

    static String error(String error, String detail) {
        return json(errorNode(error, detail));
    }

    private static String json(JsonNode node) {
        return node.toString();
    }
}
