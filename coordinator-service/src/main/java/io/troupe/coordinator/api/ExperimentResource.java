package io.troupe.coordinator.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.coordinator.experiments.ExperimentRequest;
import io.troupe.coordinator.experiments.ExperimentService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Experiments: sweeps of runs executed with bounded concurrency. */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {
    private final ExperimentService experiments;

    public ExperimentResource(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ExperimentRequest request, @Context UriInfo uri) {
        ExperimentView view = ExperimentView.of(experiments.create(request));
        return Response.created(uri.getAbsolutePathBuilder().path(view.id()).build()).entity(view).build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    public List<ExperimentView> list() {
        return experiments.all().stream().map(ExperimentView::of).toList();
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/{experiment}")
    public ExperimentView get(@PathParam("experiment") String experiment) {
        return ExperimentView.of(experiments.get(experiment));
    }
}
