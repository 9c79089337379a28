package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.TeamMember;
import io.troupe.protocol.suite.Suite;
import java.util.List;
import java.util.Map;

/**
 * A run with its board, its suite (which knows each task's dependencies and files) and the counts
 * of its board incidents ({@code claimConflicts}, {@code blockedClaims}, {@code staleLeases},
 * {@code leaseExpiries}), and the agents it recruited ({@code team}, in team order).
 */
public record RunDetails(Run run, List<BoardTask> tasks, Suite suite, Map<String, Long> incidents,
                         List<TeamMember> team) {

    /** The agents that do the tasks, in team order (the team without the lead). */
    public List<String> workers() {
        List<String> ids = TeamMember.ids(team);
        return lead() == null ? ids : ids.subList(0, ids.size() - 1);
    }

    /** The lead of a {@code lead} run: the member after the workers; null in other architectures. */
    public String lead() {
        return run.teamSize() > run.agents() && team.size() > run.agents() ? team.getLast().agentId() : null;
    }
}
