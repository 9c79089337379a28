package io.troupe.agent.worker;

/** What a worker is doing. */
public enum AgentState {
    /** Waiting for an assignment. */
    IDLE,
    /** Working on a task. */
    WORKING
}
