package io.troupe.coordinator.security;

import io.troupe.coordinator.Run;
import io.troupe.coordinator.TeamMember;
import io.troupe.coordinator.architecture.Preassignment;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TeamStore;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.support.security.Caller;
import jakarta.enterprise.context.RequestScoped;
import java.util.List;
import java.util.Map;

/**
 * What an agent may do to a run: act only as the agent its credential names, and only on runs
 * whose team names it. Reference solutions only go to agents of a run of the suite whose model
 * is simulated (a real model must write its own code).
 */
@RequestScoped
public class RunAccess {
    private final Caller caller;
    private final RunStore runs;
    private final TeamStore teams;

    public RunAccess(Caller caller, RunStore runs, TeamStore teams) {
        this.caller = caller;
        this.runs = runs;
        this.teams = teams;
    }

    /** The calling agent, checked to be on {@code runId}'s team; {@code header} is its Troupe-Agent. */
    public String agentOf(String runId, String header) {
        String agent = caller.agent(header);
        Caller.requireOnTeam(runId, agent, team(run(runId)));
        return agent;
    }

    /** A 403 problem unless the calling agent may read {@code suite}'s reference solutions in {@code runId}. */
    public void requireSolutionReader(String runId, String suite) {
        if (runId == null || runId.isBlank()) {
            throw new ProblemException(ProblemType.SOLUTION_NEEDS_RUN, "name the run you work on "
                    + "(?run=<run id>): reference solutions are served only to agents of a simulated run",
                    Map.of());
        }
        String agent = agentOf(runId, null);
        Run run = run(runId);
        if (!run.suiteId().equals(suite) || run.model() == null || !"simulated".equals(run.model().provider())) {
            throw new ProblemException(ProblemType.SOLUTION_NOT_SERVED, "run " + runId
                    + " is not a simulated run of suite " + suite + ", so its agents (" + agent
                    + ") get no reference solution", Map.of("runId", runId, "suite", suite));
        }
    }

    private Run run(String runId) {
        return runs.find(runId).orElseThrow(() -> new ProblemException(ProblemType.RUN_NOT_FOUND, "there is no run "
                + "'" + runId + "'; GET /api/runs lists the runs"));
    }

    private List<String> team(Run run) {
        List<TeamMember> team = teams.team(run.id());
        // A run stored before teams were: its team is the default one (as RunService shows it).
        return team.isEmpty() ? Preassignment.agents(run.teamSize()) : TeamMember.ids(team);
    }
}
