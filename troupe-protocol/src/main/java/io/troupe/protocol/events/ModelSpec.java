package io.troupe.protocol.events;

/**
 * Which chat model an agent uses for a run. {@code provider} is {@code simulated} for the
 * calibrated simulation; {@code latencyMillis} is the simulated model's constant turn latency.
 */
public record ModelSpec(String provider, String name, long latencyMillis) {
    public static final String SIMULATED = "simulated";

    public static ModelSpec simulated(long latencyMillis) {
        return new ModelSpec(SIMULATED, "simulated-constant", latencyMillis);
    }

    /** Whether this is the calibrated simulation, not a real model. */
    public boolean isSimulated() {
        return SIMULATED.equals(provider);
    }
}
