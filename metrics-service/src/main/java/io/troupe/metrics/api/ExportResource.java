package io.troupe.metrics.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.metrics.export.Exports;
import io.troupe.metrics.log.LoggedEvent;
import io.troupe.metrics.runs.RunMetricsView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Exports of what the metrics service has seen. {@code experiment} narrows runs to one
 * experiment; the event exports need {@code run}. The {@code paper/} tables follow the schema
 * of the public logs of "Language Model Teams as Distributed Systems".
 */
@Path("/api/exports")
public class ExportResource {
    private static final String PARQUET = "application/vnd.apache.parquet";

    private final Exports exports;

    public ExportResource(Exports exports) {
        this.exports = exports;
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/runs.json")
    @Produces(MediaType.APPLICATION_JSON)
    public List<RunMetricsView> runsJson(@QueryParam("experiment") String experiment) {
        return exports.runs(experiment);
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/runs.csv")
    @Produces("text/csv")
    public Response runsCsv(@QueryParam("experiment") String experiment) {
        return attachment(exports.runsCsv(experiment), "text/csv", "runs.csv");
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/events.json")
    @Produces(MediaType.APPLICATION_JSON)
    public List<LoggedEvent> eventsJson(@QueryParam("run") String run) {
        return exports.events(Params.required("run", run));
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/events.csv")
    @Produces("text/csv")
    public Response eventsCsv(@QueryParam("run") String run) {
        return attachment(exports.eventsCsv(Params.required("run", run)), "text/csv", "events.csv");
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/paper/runs.parquet")
    @Produces(PARQUET)
    public Response paperRuns(@QueryParam("experiment") String experiment) {
        return attachment(exports.paperRuns(experiment), PARQUET, "runs.parquet");
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/paper/events.parquet")
    @Produces(PARQUET)
    public Response paperEvents(@QueryParam("experiment") String experiment) {
        return attachment(exports.paperEvents(experiment), PARQUET, "events.parquet");
    }

    private static Response attachment(Object body, String type, String name) {
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }
}
