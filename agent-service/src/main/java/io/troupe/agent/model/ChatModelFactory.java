package io.troupe.agent.model;

import io.troupe.protocol.events.ModelSpec;

/** Finds the chat model a run asks for. */
public interface ChatModelFactory {

    /** The model for {@code spec}; {@link UnsupportedModelException} if this service has none such. */
    ChatModel forSpec(ModelSpec spec);
}
