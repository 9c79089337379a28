package io.troupe.agent.model;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;

/**
 * The simulated model's answer to an idle turn of a run in rounds (an agent with no task, which the
 * round still has call its model): a short reply that changes nothing, after the profile's latency
 * for a reply that writes no file (times the time scale and the agent's slowdown). Its draws come
 * from a stream seeded by the run's seed and the agent, so the same seed gives the same idle turns;
 * tokens are counted on the real prompt and reply.
 */
public final class SimulatedIdleModel implements ChatModel {
    static final String REPLY = "I have no task this round; I wait for one.";

    private final String name;
    private final String agentId;
    private final LatencyProfile profile;
    private final SimulationSettings settings;
    private final TokenCounter tokens;
    private final SimulatedChatModel.Sleeper sleeper;
    private final java.util.SplittableRandom random;

    public SimulatedIdleModel(String name, String runId, String agentId, LatencyProfile profile,
                              SimulationSettings settings, TokenCounter tokens, SimulatedChatModel.Sleeper sleeper) {
        this.name = name;
        this.agentId = agentId;
        this.profile = profile;
        this.settings = settings;
        this.tokens = tokens;
        this.sleeper = sleeper;
        this.random = new java.util.SplittableRandom(SimulatedChatModel.seed(settings.seed(), runId, agentId,
                "idle"));
    }

    /** The next idle turn's latency. */
    public synchronized Duration draw() {
        double millis = profile.sampleMillis(random, 0) * settings.timeScale() * settings.slowdownOf(agentId);
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        try {
            sleeper.sleep(draw());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulated idle turn interrupted", e);
        }
        AiMessage reply = AiMessage.from(REPLY);
        return ChatResponse.builder()
                .aiMessage(reply)
                .modelName(name)
                .tokenUsage(new TokenUsage(tokens.prompt(request.messages(), request.toolSpecifications()),
                        tokens.reply(reply)))
                .finishReason(FinishReason.STOP)
                .build();
    }
}
