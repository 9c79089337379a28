package io.troupe.agent.model;

/**
 * A chat model as the agent loop sees it: one blocking call per turn. The simulated model is
 * one; LLM providers (through LangChain4j) will be others.
 */
public interface ChatModel {

    /** The model's name, as reported in {@code TurnCompleted}. */
    String name();

    /** One turn: answers {@code request}, taking as long as the model takes. */
    ChatReply chat(ChatRequest request);
}
