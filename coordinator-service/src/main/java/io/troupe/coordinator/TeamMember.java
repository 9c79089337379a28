package io.troupe.coordinator;

import java.util.List;

/**
 * One agent of a run's team. {@code recruited} is true for an agent that announced itself with
 * heartbeats and was recruited; false for a default id ({@code agent-k}) given while no agent was
 * known, which the agents of a process without recruiting answer to.
 */
public record TeamMember(String agentId, boolean recruited) {

    public static List<String> ids(List<TeamMember> team) {
        return team.stream().map(TeamMember::agentId).toList();
    }
}
