package io.troupe.agent.model;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Counts tokens the way OpenAI's {@code cl100k_base} tokenizer does; the simulated model reports
 * its usage with it, and the agent loop keeps its context within budget with it. Loading the
 * encoding takes a moment, so there is one per process, loaded at startup rather than inside the
 * first turn it would otherwise slow down.
 */
@Startup
@ApplicationScoped
public class TokenCounter {
    // Per-message framing (role, separators) as in OpenAI's token-counting guide for chat models.
    static final int PER_MESSAGE = 3;
    static final int REPLY_PRIMING = 3;

    private final Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokens(text);
    }

    /** The tokens of one message as a chat model receives it. */
    public int count(ChatMessage message) {
        int tokens = PER_MESSAGE;
        switch (message) {
            case SystemMessage s -> tokens += count(s.text());
            case UserMessage u -> tokens += u.contents().stream()
                    .filter(TextContent.class::isInstance)
                    .mapToInt(c -> count(((TextContent) c).text()))
                    .sum();
            case AiMessage a -> tokens += reply(a);
            case ToolExecutionResultMessage t -> tokens += count(t.toolName()) + count(t.text());
            default -> tokens += count(message.toString());
        }
        return tokens;
    }

    /** The tokens of a whole prompt: its messages and the tool specifications sent with them. */
    public int prompt(List<ChatMessage> messages, List<ToolSpecification> tools) {
        int tokens = REPLY_PRIMING;
        for (ChatMessage message : messages) {
            tokens += count(message);
        }
        if (tools != null) {
            for (ToolSpecification tool : tools) {
                tokens += count(tool.name()) + count(tool.description())
                        + count(tool.parameters() == null ? "" : tool.parameters().toString());
            }
        }
        return tokens;
    }

    /** The tokens a model produced: its text and its tool calls' names and arguments. */
    public int reply(AiMessage message) {
        int tokens = count(message.text());
        if (message.hasToolExecutionRequests()) {
            for (ToolExecutionRequest call : message.toolExecutionRequests()) {
                tokens += count(call.name()) + count(call.arguments());
            }
        }
        return tokens;
    }
}
