package io.troupe.agent.clients;

import io.troupe.protocol.events.AgentSettings;
import io.troupe.protocol.events.ModelSpec;
import java.util.List;
import java.util.Map;

/**
 * A run as the coordinator shows it ({@code GET /api/runs/{run}}) or its board ({@code GET
 * /api/runs/{run}/board}, where {@code ready} lists the READY tasks): what an agent needs to pick
 * and do its tasks. {@code agents} is the team size n: the run's agents are agent-1 … agent-n.
 * {@code profile}, {@code seed}, {@code timeScale}, {@code overrides} and {@code limits} are the
 * RunSpec's settings for the agents (null or empty when not set, and on the board).
 */
public record RunInfo(String id, String suite, String architecture, int agents, ModelSpec model, String status,
                      List<String> ready, List<BoardTask> tasks, String variant, String profile, Long seed,
                      Double timeScale, List<Map<String, Object>> overrides, Limits limits) {
    public static final String RUNNING = "RUNNING";

    public RunInfo {
        ready = ready == null ? List.of() : List.copyOf(ready);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        limits = limits == null ? new Limits(null, null) : limits;
    }

    public RunInfo(String id, String suite, String architecture, int agents, ModelSpec model, String status,
                   List<String> ready, List<BoardTask> tasks) {
        this(id, suite, architecture, agents, model, status, ready, tasks, null, null, null, null, null, null);
    }

    public boolean running() {
        return RUNNING.equals(status);
    }

    /** The settings of the run's agent number {@code number} (agent-1 is 1, its override index 0). */
    public AgentSettings settingsOf(int number) {
        return AgentSettings.of(variant == null ? architecture : architecture + ":" + variant, agents, profile, seed,
                timeScale, limits.maxTurns(), limits.maxTokens(), overrides, number - 1);
    }

    /** A task on the board: its state and owner. */
    public record BoardTask(String id, String state, String agent, List<String> dependencies, List<String> files) {
    }

    /** The limits the agents enforce. */
    public record Limits(Integer maxTurns, Long maxTokens) {
    }
}
