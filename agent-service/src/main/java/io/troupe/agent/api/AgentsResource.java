package io.troupe.agent.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.agent.worker.AgentPool;
import io.troupe.agent.worker.AgentView;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The agents this process hosts and what they are doing. */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {
    private final AgentPool pool;

    public AgentsResource(AgentPool pool) {
        this.pool = pool;
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    public List<AgentView> agents() {
        return pool.agents();
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/{agent}")
    public AgentView agent(@PathParam("agent") @Size(max = 64) String agentId) {
        return pool.agent(agentId);
    }
}
