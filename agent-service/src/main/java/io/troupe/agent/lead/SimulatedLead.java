package io.troupe.agent.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.troupe.agent.model.TokenCounter;
import io.troupe.agent.tools.AgentTools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The simulated model acting as a lead: it reads the situation the lead loop wrote into its last
 * user message ({@code ready} tasks, {@code idle} agents, as JSON) and answers, after its latency,
 * with one {@code assign_task} call per READY task, in order, to the idle agents in order. Token
 * usage is counted from the real prompt, like the simulated worker's.
 */
public final class SimulatedLead implements ChatModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Duration latency;
    private final TokenCounter tokens;

    public SimulatedLead(String name, Duration latency, TokenCounter tokens) {
        this.name = name;
        this.latency = latency;
        this.tokens = tokens;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulated lead turn interrupted", e);
        }
        JsonNode situation = situation(request.messages());
        List<ToolExecutionRequest> calls = new ArrayList<>();
        JsonNode ready = situation.path("ready");
        JsonNode idle = situation.path("idle");
        for (int i = 0; i < Math.min(ready.size(), idle.size()); i++) {
            calls.add(ToolExecutionRequest.builder().id("call-" + UUID.randomUUID()).name(AgentTools.ASSIGN_TASK)
                    .arguments(JSON.createObjectNode().put("task_id", ready.get(i).asText())
                            .put("agent_id", idle.get(i).asText()).toString())
                    .build());
        }
        AiMessage reply = calls.isEmpty() ? AiMessage.from("Nothing to assign now.")
                : AiMessage.from("Assigning " + calls.size() + " task(s).", calls);
        return ChatResponse.builder().aiMessage(reply).modelName(name)
                .tokenUsage(new TokenUsage(tokens.prompt(request.messages(), request.toolSpecifications()),
                        tokens.reply(reply)))
                .finishReason(calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_EXECUTION)
                .build();
    }

    private static JsonNode situation(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage user && user.hasSingleText()) {
                String text = user.singleText();
                int start = text.indexOf('{');
                if (start >= 0) {
                    try {
                        return JSON.readTree(text.substring(start));
                    } catch (java.io.IOException e) {
                        return JSON.createObjectNode();
                    }
                }
            }
        }
        return JSON.createObjectNode();
    }
}
