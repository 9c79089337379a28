package io.troupe.agent.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.troupe.agent.tools.AgentTools;
import io.troupe.protocol.suite.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calibrated simulation of an LLM, as a LangChain4j chat model. It is an oracle for one
 * task: it reads the conversation (the tool results so far) and answers with the tool calls a
 * competent agent would make: write the task's reference solution and run its tests; on a write
 * conflict, write again on top of the version named; when tests fail, fix the files; when they
 * pass, {@code complete_task}. Each turn takes a latency drawn from its profile for the files its
 * reply writes, times the time scale and the agent's slowdown, and sometimes stalls (many times longer), crashes,
 * or writes broken code, as configured. Token usage is counted with a real tokenizer on the messages it
 * received and the reply it gives. Its random draws come from a stream seeded by the run's seed and
 * the task, so the same seed makes the same decisions for a task whoever does it, in whichever run.
 */
public final class SimulatedChatModel implements ChatModel {
    public static final String PROVIDER = "simulated";
    static final String BROKEN_MARKER = "simulated wrong code";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEAD = Pattern.compile("(?m)^- (\\S+): version (\\d+) by ");

    private final String name;
    private final String agentId;
    private final TaskSpec task;
    private final LatencyProfile profile;
    private final SimulationSettings settings;
    private final Supplier<Map<String, String>> solution;
    private final TokenCounter tokens;
    private final Sleeper sleeper;
    private final SplittableRandom random;
    private final AtomicInteger calls = new AtomicInteger();
    private Map<String, String> files;

    /** Waits out a turn's latency; tests replace it to run at full speed. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> {
            if (!d.isZero()) {
                Thread.sleep(d);
            }
        };

        void sleep(Duration duration) throws InterruptedException;
    }

    /** What one turn drew: its latency (all factors applied) and its faults. */
    public record Draw(Duration latency, boolean stalled, boolean crashed, boolean wrongCode) {
    }

    public SimulatedChatModel(String name, String runId, String agentId, TaskSpec task, LatencyProfile profile,
                              SimulationSettings settings, Supplier<Map<String, String>> solution,
                              TokenCounter tokens, Sleeper sleeper) {
        this.name = name;
        this.agentId = agentId;
        this.task = task;
        this.profile = profile;
        this.settings = settings;
        this.solution = solution;
        this.tokens = tokens;
        this.sleeper = sleeper;
        // Common random numbers: a task's draws depend on the seed and the task only, not on the run or
        // the agent, so the runs of one seed at every team size and in every architecture do the same
        // work (the same latencies, stalls and faults per task) and their makespans compare directly.
        this.random = new SplittableRandom(seed(settings.seed(), task.id()));
    }

    static long seed(long base, String... parts) {
        long h = base ^ 0x9E3779B97F4A7C15L;
        for (String part : parts) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ b) * 0x100000001B3L;
            }
            h = Long.rotateLeft(h, 17) * 0xBF58476D1CE4E5B9L;
        }
        return h;
    }

    public String name() {
        return name;
    }

    /** The next turn's draws for a turn that writes no file (see {@link #draw(int)}). */
    public Draw draw() {
        return draw(0);
    }

    /**
     * The next turn's draws, in a fixed order (latency, stall, crash, wrong code) so that a seed
     * fixes every decision whatever the outcomes; the latency for a reply that writes {@code filesWritten}
     * files (a profile fitted per file takes one uniform draw and maps it through the files' latency, so the
     * stream still depends on the seed and the task only).
     */
    public synchronized Draw draw(int filesWritten) {
        double millis = profile.sampleMillis(random, filesWritten) * settings.timeScale()
                * settings.slowdownOf(agentId);
        boolean stalled = random.nextDouble() < settings.stallProbability();
        boolean crashed = random.nextDouble() < settings.crashProbability();
        boolean wrong = random.nextDouble() < settings.wrongCodeProbability();
        if (stalled) {
            millis *= settings.stallFactor();
        }
        return new Draw(Duration.ofNanos(Math.round(millis * 1_000_000)), stalled, crashed, wrong);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        // Which files the reply writes does not depend on the draws (wrong code changes their content only), so
        // the turn's latency can be drawn for the files it will write.
        Draw draw = draw(filesWritten(answer(request.messages(), false)));
        try {
            sleeper.sleep(draw.latency());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulated turn interrupted", e);
        }
        if (draw.crashed()) {
            throw new SimulatedCrashException("simulated crash of " + agentId + " in turn " + (calls.get() + 1)
                    + " of task " + task.id());
        }
        calls.incrementAndGet();
        AiMessage reply = answer(request.messages(), draw.wrongCode());
        return ChatResponse.builder()
                .aiMessage(reply)
                .modelName(name)
                .tokenUsage(new TokenUsage(tokens.prompt(request.messages(), request.toolSpecifications()),
                        tokens.reply(reply)))
                .finishReason(reply.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    private static int filesWritten(AiMessage reply) {
        return reply.hasToolExecutionRequests() ? (int) reply.toolExecutionRequests().stream()
                .filter(r -> AgentTools.WRITE_FILE.equals(r.name())).count() : 0;
    }

    private AiMessage answer(List<ChatMessage> messages, boolean wrongCode) {
        Conversation seen = Conversation.of(messages);
        if (seen.lastCalls.isEmpty()) {
            return write(solutionFiles().keySet().stream().toList(), seen, wrongCode, "I will write my files.");
        }
        if (seen.lastCalls.contains(AgentTools.COMPLETE_TASK) && seen.completed) {
            return AiMessage.from("Task " + task.id() + " is done.");
        }
        if (!seen.conflicted.isEmpty()) {
            return write(seen.conflicted, seen, wrongCode, "Someone else wrote " + String.join(", ", seen.conflicted)
                    + "; I will write mine on top of the current version.");
        }
        if (seen.testsPassed == Boolean.FALSE) {
            return write(solutionFiles().keySet().stream().toList(), seen, wrongCode,
                    "The tests failed; I will fix my files.");
        }
        if (seen.testsPassed == Boolean.TRUE || (task.tests().isEmpty() && seen.lastCalls.contains(
                AgentTools.WRITE_FILE))) {
            List<ToolExecutionRequest> calls = new ArrayList<>();
            if (settings.announceCompletion()) {
                // Nobody tells a self-organizing team what is done: say it before completing.
                calls.add(call(AgentTools.SEND_MESSAGE, JSON.createObjectNode().put("to", "all").put("text",
                        task.id() + " is done: " + String.join(", ", solutionFiles().keySet()) + " written and "
                                + "tested.")));
            }
            calls.add(call(AgentTools.COMPLETE_TASK, JSON.createObjectNode().put("task_id", task.id())));
            return AiMessage.from("My files are written and tested.", calls);
        }
        // Anything else (an error result, a nudge after a reply without tool calls): start over.
        return write(solutionFiles().keySet().stream().toList(), seen, wrongCode, "Let me write my files again.");
    }

    private AiMessage write(List<String> paths, Conversation seen, boolean wrongCode, String text) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (String path : paths) {
            String content = solutionFiles().getOrDefault(path, "");
            if (wrongCode) {
                content = content + "\n\nraise AssertionError(\"" + BROKEN_MARKER + " in " + path + "\")\n";
            }
            ObjectNode args = JSON.createObjectNode().put("path", path).put("content", content);
            Long base = seen.versions.get(path);
            if (base == null) {
                args.putNull("base_version");
            } else {
                args.put("base_version", base);
            }
            calls.add(call(AgentTools.WRITE_FILE, args));
        }
        if (!task.tests().isEmpty()) {
            ObjectNode args = JSON.createObjectNode();
            task.tests().forEach(args.putArray("paths")::add);
            calls.add(call(AgentTools.RUN_TESTS, args));
        }
        return AiMessage.from(text, calls);
    }

    private ToolExecutionRequest call(String tool, ObjectNode arguments) {
        return ToolExecutionRequest.builder()
                .id("call_" + task.id() + "_" + calls.get() + "_" + tool + "_" + Integer.toHexString(
                        arguments.hashCode()))
                .name(tool)
                .arguments(arguments.toString())
                .build();
    }

    private synchronized Map<String, String> solutionFiles() {
        if (files == null) {
            files = new TreeMap<>(solution.get());
            task.files().forEach(path -> files.putIfAbsent(path, ""));
        }
        return files;
    }

    /** What the conversation tells the model: the versions it knows and how its last calls went. */
    private static final class Conversation {
        final Map<String, Long> versions = new HashMap<>();
        final List<String> lastCalls = new ArrayList<>();
        final List<String> conflicted = new ArrayList<>();
        Boolean testsPassed;
        boolean completed;

        static Conversation of(List<ChatMessage> messages) {
            Conversation c = new Conversation();
            int lastAi = -1;
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i) instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
                    lastAi = i;
                }
            }
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i) instanceof ToolExecutionResultMessage result) {
                    c.read(result, i > lastAi);
                } else if (messages.get(i) instanceof UserMessage user && user.hasSingleText()) {
                    // The task message lists the heads of the agent's files: "- calc/a.py: version 2 by agent-1".
                    Matcher head = HEAD.matcher(user.singleText());
                    while (head.find()) {
                        c.versions.put(head.group(1), Long.parseLong(head.group(2)));
                    }
                }
            }
            if (lastAi >= 0) {
                ((AiMessage) messages.get(lastAi)).toolExecutionRequests().forEach(r -> c.lastCalls.add(r.name()));
            }
            return c;
        }

        private void read(ToolExecutionResultMessage result, boolean answersLastCalls) {
            JsonNode json;
            try {
                json = JSON.readTree(result.text());
            } catch (JsonProcessingException e) {
                return;
            }
            String path = json.path("path").asText(null);
            boolean ok = json.path("ok").asBoolean(false);
            if (path != null && json.path("version").isNumber()) {
                versions.put(path, json.path("version").asLong());
            }
            if (path != null && json.path("currentVersion").isNumber()) {
                versions.put(path, json.path("currentVersion").asLong());
            }
            if (!answersLastCalls) {
                return;
            }
            switch (result.toolName() == null ? "" : result.toolName()) {
                case AgentTools.WRITE_FILE -> {
                    if (!ok && "write-conflict".equals(json.path("error").asText()) && path != null) {
                        conflicted.add(path);
                    }
                }
                case AgentTools.RUN_TESTS -> testsPassed = ok;
                case AgentTools.COMPLETE_TASK -> completed = ok;
                default -> {
                }
            }
        }
    }
}
