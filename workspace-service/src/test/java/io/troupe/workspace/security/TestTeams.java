package io.troupe.workspace.security;

import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The teams of the workspace's own tests, which run without a coordinator: a run whose id starts
 * with {@value #CLOSED} has only {@code agent-1} on its team; any other run has every agent.
 */
@Mock
@ApplicationScoped
public class TestTeams implements RunTeams {
    public static final String CLOSED = "closed-";

    @Override
    public boolean onTeam(String run, String agent) {
        return !run.startsWith(CLOSED) || "agent-1".equals(agent);
    }
}
