package io.troupe.agent.clients;

import io.troupe.protocol.events.ModelSpec;
import java.util.List;

/**
 * A run as the coordinator shows it ({@code GET /api/runs/{run}}) or its board ({@code GET
 * /api/runs/{run}/board}, where {@code ready} lists the READY tasks): what an agent needs to pick
 * and do its tasks. {@code agents} is the team size n; {@code team} names the agents the run
 * recruited (empty from a coordinator without recruiting, whose teams are agent-1 … agent-n).
 */
public record RunInfo(String id, String suite, String architecture, int agents, ModelSpec model, String status,
                      List<String> ready, List<BoardTask> tasks, List<String> team) {
    public static final String RUNNING = "RUNNING";

    public RunInfo {
        ready = ready == null ? List.of() : List.copyOf(ready);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        team = team == null ? List.of() : List.copyOf(team);
    }

    /** A run without a named team used to be built: ready tasks and board only. */
    public RunInfo(String id, String suite, String architecture, int agents, ModelSpec model, String status,
                   List<String> ready, List<BoardTask> tasks) {
        this(id, suite, architecture, agents, model, status, ready, tasks, List.of());
    }

    /** Whether worker {@code agentId}, number {@code index} of its process, is on this run's team. */
    public boolean hasOnTeam(String agentId, int index) {
        return team.isEmpty() ? index <= agents : team.contains(agentId);
    }

    public boolean running() {
        return RUNNING.equals(status);
    }

    /** A task on the board: its state and owner. */
    public record BoardTask(String id, String state, String agent, List<String> dependencies, List<String> files) {
    }
}
