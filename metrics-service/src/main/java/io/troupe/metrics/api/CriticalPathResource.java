package io.troupe.metrics.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.metrics.criticalpath.CriticalPath;
import io.troupe.metrics.criticalpath.CriticalPathService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A run's critical path, rebuilt from its events. */
@Path("/api/runs/{run}/critical-path")
@Produces(MediaType.APPLICATION_JSON)
public class CriticalPathResource {
    private final CriticalPathService service;

    public CriticalPathResource(CriticalPathService service) {
        this.service = service;
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    public CriticalPath of(@PathParam("run") String runId) {
        return service.of(runId);
    }
}
