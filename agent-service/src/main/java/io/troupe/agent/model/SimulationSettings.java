package io.troupe.agent.model;

import java.util.Map;

/**
 * How simulated models behave in this service: the time scale and the injected faults.
 *
 * @param timeScale            multiplies every latency (0.01 makes a sweep 100 times faster)
 * @param seed                 the seed from which each run, agent and task's random stream is derived
 * @param wrongCodeProbability chance that a write turn writes a broken solution (its tests fail)
 * @param stallProbability     chance that a turn takes {@code stallFactor} times longer
 * @param stallFactor          how much longer a stalled turn takes
 * @param crashProbability     chance that a turn crashes the agent's work on its task
 * @param slowdown             latency factor per agent id (stragglers); 1 for agents not listed
 */
public record SimulationSettings(double timeScale, long seed, double wrongCodeProbability, double stallProbability,
                                 double stallFactor, double crashProbability, Map<String, Double> slowdown) {

    public SimulationSettings {
        slowdown = slowdown == null ? Map.of() : Map.copyOf(slowdown);
        requireProbability("wrong-code-probability", wrongCodeProbability);
        requireProbability("stall-probability", stallProbability);
        requireProbability("crash-probability", crashProbability);
        if (timeScale < 0 || stallFactor < 0 || slowdown.values().stream().anyMatch(f -> f < 0)) {
            throw new IllegalArgumentException("time scale, stall factor and slowdown factors must not be negative");
        }
    }

    /** No faults, time scale 1. */
    public static SimulationSettings faultless(long seed) {
        return new SimulationSettings(1.0, seed, 0, 0, 1, 0, Map.of());
    }

    public double slowdownOf(String agentId) {
        return slowdown.getOrDefault(agentId, 1.0);
    }

    private static void requireProbability(String name, double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("troupe.agent.simulation." + name + " must be between 0 and 1, not "
                    + p);
        }
    }
}
