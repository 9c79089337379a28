package io.troupe.workspace.security;

/** Whether an agent is on a run's team (the coordinator knows: {@link CoordinatorTeams}). */
public interface RunTeams {
    /** True if {@code run}'s team names {@code agent}; false for an unknown run. */
    boolean onTeam(String run, String agent);
}
