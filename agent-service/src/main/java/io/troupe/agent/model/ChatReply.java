package io.troupe.agent.model;

import java.util.Map;

/**
 * One turn's output: the reply text (including tool calls), the files it writes (path to
 * content; empty if none) and the token usage of the turn.
 */
public record ChatReply(String text, Map<String, String> files, int inputTokens, int outputTokens) {

    public ChatReply {
        files = files == null ? Map.of() : Map.copyOf(files);
    }
}
