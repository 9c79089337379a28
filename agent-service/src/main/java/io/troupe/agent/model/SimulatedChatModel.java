package io.troupe.agent.model;

import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.protocol.events.ModelSpec;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calibrated simulation of an LLM: after a constant latency (the run's
 * {@code latencyMillis} times the service's time scale) it answers the WRITE turn with tool
 * calls that write the task's reference solution, and the REVIEW turn with a verdict on the
 * test result. Its token usage is counted with a real tokenizer from the prompt it was sent
 * and the reply it gives, so token metrics scale like a real model's.
 */
public final class SimulatedChatModel implements ChatModel {
    public static final String PROVIDER = "simulated";

    private final ModelSpec spec;
    private final Duration latency;
    private final CoordinatorClient solutions;
    private final TokenCounter tokens;

    public SimulatedChatModel(ModelSpec spec, double timeScale, CoordinatorClient solutions, TokenCounter tokens) {
        this.spec = spec;
        this.latency = Duration.ofMillis(Math.round(Math.max(0, spec.latencyMillis()) * Math.max(0, timeScale)));
        this.solutions = solutions;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return spec.name();
    }

    /** How long each turn takes. */
    public Duration latency() {
        return latency;
    }

    @Override
    public ChatReply chat(ChatRequest request) {
        Map<String, String> files = switch (request.phase()) {
            case WRITE -> new TreeMap<>(solutions.solution(request.suiteId(), request.task().id()));
            case REVIEW -> Map.of();
        };
        String text = switch (request.phase()) {
            case WRITE -> writeCalls(files);
            case REVIEW -> "The tests of " + request.task().id() + " were run; the task is complete.\n"
                    + "complete_task(\"" + request.task().id() + "\")\n";
        };
        think();
        return new ChatReply(text, files, tokens.count(request.prompt()), tokens.count(text));
    }

    private static String writeCalls(Map<String, String> files) {
        StringBuilder text = new StringBuilder();
        files.forEach((path, content) -> text.append("write_file(\"").append(path).append("\")\n```\n")
                .append(content).append(content.endsWith("\n") ? "" : "\n").append("```\n"));
        return text.toString();
    }

    // The simulated model's latency is the point of the simulation: the turn takes this long.
    private void think() {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulated turn interrupted", e);
        }
    }
}
