package io.troupe.agent.model;

import io.troupe.protocol.events.AgentSettings;
import java.util.Map;

/**
 * How simulated models behave: the time scale and the injected faults. The service's configuration
 * gives the defaults; a run's settings for one agent ({@link #forAgent}) replace them.
 *
 * @param timeScale                 multiplies every latency (0.01 makes a sweep 100 times faster)
 * @param seed                      the seed from which each run, agent and task's random stream is derived
 * @param wrongCodeProbability      chance that a write turn writes a broken solution (its tests fail)
 * @param stallProbability          chance that a turn takes {@code stallFactor} times longer
 * @param stallFactor               how much longer a stalled turn takes
 * @param crashProbability          chance that a turn crashes the agent
 * @param slowdown                  latency factor per agent id (stragglers); 1 for agents not listed
 * @param prematureClaimProbability in decentralized runs, chance that an idle agent first tries to
 *                                  claim a task that is not READY yet
 * @param announceCompletion        whether the model tells its team when it completes a task (in
 *                                  decentralized runs, where nobody else tells them)
 */
public record SimulationSettings(double timeScale, long seed, double wrongCodeProbability, double stallProbability,
                                 double stallFactor, double crashProbability, Map<String, Double> slowdown,
                                 double prematureClaimProbability, boolean announceCompletion) {

    public SimulationSettings {
        slowdown = slowdown == null ? Map.of() : Map.copyOf(slowdown);
        requireProbability("wrong-code-probability", wrongCodeProbability);
        requireProbability("stall-probability", stallProbability);
        requireProbability("crash-probability", crashProbability);
        requireProbability("premature-claim-probability", prematureClaimProbability);
        if (timeScale < 0 || stallFactor < 0 || slowdown.values().stream().anyMatch(f -> f < 0)) {
            throw new IllegalArgumentException("time scale, stall factor and slowdown factors must not be negative");
        }
    }

    public SimulationSettings(double timeScale, long seed, double wrongCodeProbability, double stallProbability,
                              double stallFactor, double crashProbability, Map<String, Double> slowdown) {
        this(timeScale, seed, wrongCodeProbability, stallProbability, stallFactor, crashProbability, slowdown, 0,
                false);
    }

    /** No faults, time scale 1. */
    public static SimulationSettings faultless(long seed) {
        return new SimulationSettings(1.0, seed, 0, 0, 1, 0, Map.of());
    }

    public double slowdownOf(String agentId) {
        return slowdown.getOrDefault(agentId, 1.0);
    }

    /**
     * These settings with {@code run}'s for {@code agentId} put over them: what the run set wins,
     * what it left out stays as configured.
     */
    public SimulationSettings forAgent(String agentId, AgentSettings run) {
        if (run == null) {
            return this;
        }
        Map<String, Double> slowdowns = slowdown;
        if (run.slowdown() != null) {
            slowdowns = new java.util.HashMap<>(slowdown);
            slowdowns.put(agentId, run.slowdown());
        }
        // On the run's own clock a turn is a timer for its full latency: nothing is scaled.
        double scale = run.onRunClock() ? 1.0 : or(run.timeScale(), timeScale);
        return new SimulationSettings(scale, run.seed() == null ? seed : run.seed(),
                or(run.wrongCodeProbability(), wrongCodeProbability), or(run.stallProbability(), stallProbability),
                or(run.stallFactor(), stallFactor), or(run.crashProbability(), crashProbability), slowdowns,
                or(run.prematureClaimProbability(), prematureClaimProbability),
                announceCompletion || "decentralized".equals(base(run.architecture())));
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    private static String base(String architecture) {
        return architecture == null ? "" : architecture.split(":", 2)[0];
    }

    private static void requireProbability(String name, double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("troupe.agent.simulation." + name + " must be between 0 and 1, not "
                    + p);
        }
    }
}
