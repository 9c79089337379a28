package io.troupe.agent.model;

import io.troupe.protocol.suite.TaskSpec;

/**
 * One turn's input: the whole prompt the model is sent, and for whom and what.
 *
 * @param phase what the loop expects from this turn
 */
public record ChatRequest(String runId, String agentId, String suiteId, TaskSpec task, Phase phase, String prompt) {

    /** The two turns of the current loop. */
    public enum Phase {
        /** Write the task's files; the reply carries them. */
        WRITE,
        /** Read the test result and decide to complete the task. */
        REVIEW
    }
}
