package io.troupe.agent.model;

/** An injected fault: the simulated model "crashed" the agent in the middle of a turn. */
public class SimulatedCrashException extends RuntimeException {
    public SimulatedCrashException(String message) {
        super(message);
    }
}
