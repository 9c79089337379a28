package io.troupe.agent.loop;

/** An agent spent the run's token limit ({@code limits.maxTokens}, per agent): it does no more in the run. */
public class TokenLimitException extends RuntimeException {
    public TokenLimitException(String message) {
        super(message);
    }
}
