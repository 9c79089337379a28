package io.troupe.coordinator.api;

import io.troupe.coordinator.runs.RunRequest;
import io.troupe.coordinator.runs.RunService;
import io.troupe.protocol.TroupeHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Runs: start one, read them, and complete their tasks on behalf of agents. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {
    private final RunService runs;

    public RunResource(RunService runs) {
        this.runs = runs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(RunRequest request, @Context UriInfo uri) {
        RunViews.RunView run = RunViews.RunView.of(runs.create(request));
        return Response.created(uri.getAbsolutePathBuilder().path(run.id()).build()).entity(run).build();
    }

    @GET
    public List<RunViews.RunView> list() {
        return runs.all().stream().map(RunViews.RunView::of).toList();
    }

    @GET
    @Path("/{run}")
    public RunViews.RunView get(@PathParam("run") String run) {
        return RunViews.RunView.of(runs.get(run));
    }

    @POST
    @Path("/{run}/tasks/{task}/complete")
    public RunViews.TaskView complete(@PathParam("run") String run, @PathParam("task") String task,
                                      @HeaderParam(TroupeHeaders.AGENT) String agent) {
        return RunViews.TaskView.of(runs.complete(run, task, agent));
    }
}
