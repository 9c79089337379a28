package io.troupe.workspace.security;

import io.troupe.support.security.Caller;
import io.troupe.support.security.Roles;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who writes and runs tests: an agent only as itself (its credential, not the Troupe-Agent
 * header) and only in a run whose team names it; an operator may run a run's tests (a sweep
 * checks its result) as {@code operator}.
 */
@RequestScoped
public class WorkspaceAccess {
    private final Caller caller;
    private final RunTeams teams;

    public WorkspaceAccess(Caller caller, RunTeams teams) {
        this.caller = caller;
        this.teams = teams;
    }

    /** The author of a write to {@code run}: the calling agent, checked to be on its team. */
    public String writer(String run, String header) {
        String agent = caller.agent(header);
        if (!teams.onTeam(run, agent)) {
            throw Caller.notOnTeam(run, agent);
        }
        return agent;
    }

    /** Who runs {@code run}'s tests: an operator, or an agent of its team. */
    public String tester(String run, String header) {
        return caller.is(Roles.OPERATOR) ? Roles.OPERATOR : writer(run, header);
    }
}
