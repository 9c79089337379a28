package io.troupe.agent.clients;

import io.troupe.protocol.ClockKind;
import io.troupe.protocol.Execution;
import io.troupe.protocol.events.AgentSettings;
import io.troupe.protocol.events.ModelSpec;
import java.util.List;
import java.util.Map;

/**
 * A run as the coordinator shows it ({@code GET /api/runs/{run}}) or its board ({@code GET
 * /api/runs/{run}/board}, where {@code ready} lists the READY tasks): what an agent needs to pick
 * and do its tasks. {@code agents} is the team size n; {@code team} names the agents the run
 * recruited (empty from a coordinator without recruiting, whose teams are agent-1 … agent-n).
 * {@code profile}, {@code seed}, {@code timeScale}, {@code overrides} and {@code limits} are the
 * RunSpec's settings for the agents (null or empty when not set, and on the board); an override
 * names its agent by its place in the team. {@code clock} is how the run keeps time (null: the wall's);
 * {@code execution} how its team takes turns (null: event-driven).
 */
public record RunInfo(String id, String suite, String architecture, int agents, ModelSpec model, String status,
                      List<String> ready, List<BoardTask> tasks, String variant, String profile, Long seed,
                      Double timeScale, List<Map<String, Object>> overrides, Limits limits, List<String> team,
                      String clock, String execution) {
    public static final String RUNNING = "RUNNING";

    public RunInfo {
        ready = ready == null ? List.of() : List.copyOf(ready);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        limits = limits == null ? new Limits(null, null) : limits;
        team = team == null ? List.of() : List.copyOf(team);
    }

    /** A run without settings or a named team: ready tasks and board only. */
    public RunInfo(String id, String suite, String architecture, int agents, ModelSpec model, String status,
                   List<String> ready, List<BoardTask> tasks) {
        this(id, suite, architecture, agents, model, status, ready, tasks, null, null, null, null, null, null, null,
                null);
    }

    /** An event-driven run on {@code clock}. */
    public RunInfo(String id, String suite, String architecture, int agents, ModelSpec model, String status,
                   List<String> ready, List<BoardTask> tasks, String variant, String profile, Long seed,
                   Double timeScale, List<Map<String, Object>> overrides, Limits limits, List<String> team,
                   String clock) {
        this(id, suite, architecture, agents, model, status, ready, tasks, variant, profile, seed, timeScale,
                overrides, limits, team, clock, null);
    }

    /** A run on the wall clock. */
    public RunInfo(String id, String suite, String architecture, int agents, ModelSpec model, String status,
                   List<String> ready, List<BoardTask> tasks, String variant, String profile, Long seed,
                   Double timeScale, List<Map<String, Object>> overrides, Limits limits, List<String> team) {
        this(id, suite, architecture, agents, model, status, ready, tasks, variant, profile, seed, timeScale,
                overrides, limits, team, null);
    }

    public boolean running() {
        return RUNNING.equals(status);
    }

    /** Whether worker {@code agentId}, number {@code index} of its process, is on this run's team. */
    public boolean hasOnTeam(String agentId, int index) {
        return team.isEmpty() ? index <= agents : team.contains(agentId);
    }

    /**
     * The settings of {@code agentId}, whose number is {@code number} in agent-i: its override is the
     * one of its place in the recruited team, or i - 1 without a named team.
     */
    public AgentSettings settingsOf(String agentId, int number) {
        int index = team.isEmpty() ? number - 1 : team.indexOf(agentId);
        return AgentSettings.of(variant == null ? architecture : architecture + ":" + variant, agents, profile, seed,
                timeScale, limits.maxTurns(), limits.maxTokens(), overrides, index,
                ClockKind.byName(clock).orElse(ClockKind.WALL), Execution.byName(execution).orElse(null));
    }

    /** A task on the board: its state and owner. */
    public record BoardTask(String id, String state, String agent, List<String> dependencies, List<String> files) {
    }

    /** The limits the agents enforce. */
    public record Limits(Integer maxTurns, Long maxTokens) {
    }
}
