package io.troupe.metrics.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.metrics.traces.StoredSpan;
import io.troupe.metrics.traces.TraceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** A run's trace as received (or fetched from Jaeger). */
@Path("/api/runs/{run}/spans")
@Produces(MediaType.APPLICATION_JSON)
public class SpanResource {
    private final TraceService traces;

    public SpanResource(TraceService traces) {
        this.traces = traces;
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    public List<StoredSpan> spans(@PathParam("run") String runId) {
        return traces.spansOf(runId);
    }
}
