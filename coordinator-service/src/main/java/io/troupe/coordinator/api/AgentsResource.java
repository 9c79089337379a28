package io.troupe.coordinator.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.coordinator.agents.Recruitment;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The agents that announce themselves with heartbeats, and which runs hold them. */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {
    private final Recruitment recruitment;

    public AgentsResource(Recruitment recruitment) {
        this.recruitment = recruitment;
    }

    /**
     * {@code capacity}: the workers the agent pool provides; {@code inUse}: the agents the running
     * runs need; {@code agents}: each live agent as its last heartbeat said, with the RUNNING runs
     * that recruited it ({@code recruitedBy}, empty for a free agent).
     */
    public record AgentsView(int capacity, int inUse, List<AgentView> agents) {
    }

    public record AgentView(String id, String state, String runId, String host, Instant lastSeen,
                            List<String> recruitedBy) {
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    public AgentsView agents() {
        Recruitment.Roster roster = recruitment.roster();
        return new AgentsView(roster.capacity(), roster.inUse(), roster.agents().stream()
                .map(e -> new AgentView(e.agent().id(), e.agent().state(), e.agent().runId(), e.agent().host(),
                        e.agent().lastSeen(), e.recruitedBy())).toList());
    }
}
