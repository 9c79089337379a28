package io.troupe.protocol.events;

/**
 * Which chat model an agent uses for a run. {@code provider} is {@code simulated} for the
 * calibrated simulation; {@code latencyMillis} is the simulated model's constant turn latency.
 */
public record ModelSpec(String provider, String name, long latencyMillis) {

    public static ModelSpec simulated(long latencyMillis) {
        return new ModelSpec("simulated", "simulated-constant", latencyMillis);
    }
}
