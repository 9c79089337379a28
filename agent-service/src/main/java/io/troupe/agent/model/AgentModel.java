package io.troupe.agent.model;

import dev.langchain4j.model.chat.ChatModel;

/** The chat model an agent uses for a task, and the name its turns are reported under. */
public record AgentModel(String name, ChatModel model) {
}
