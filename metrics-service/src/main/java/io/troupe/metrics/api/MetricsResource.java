package io.troupe.metrics.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.metrics.runs.RunMetricsStore;
import io.troupe.metrics.runs.RunMetricsView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Run metrics computed from the event topics. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {
    private final RunMetricsStore store;

    public MetricsResource(RunMetricsStore store) {
        this.store = store;
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/metrics")
    public List<RunMetricsView> all() {
        return store.all();
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/{run}/metrics")
    public RunMetricsView ofRun(@PathParam("run") String runId) {
        return store.metricsOf(runId);
    }
}
