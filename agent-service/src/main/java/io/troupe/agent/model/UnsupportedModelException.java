package io.troupe.agent.model;

/** A run asked for a model provider this agent service does not offer. */
public class UnsupportedModelException extends RuntimeException {
    public UnsupportedModelException(String message) {
        super(message);
    }
}
