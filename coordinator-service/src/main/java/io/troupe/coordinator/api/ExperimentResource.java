package io.troupe.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.coordinator.experiments.ExperimentRequest;
import io.troupe.coordinator.experiments.ExperimentService;
import io.troupe.coordinator.runs.RunRequest;
import io.troupe.support.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
    private final ObjectMapper json;

    public ExperimentResource(ExperimentService experiments, ObjectMapper json) {
        this.experiments = experiments;
        this.json = json;
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid ExperimentRequest request, @Context UriInfo uri) {
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

    /** Cancels the experiment: {@code {"reason": "..."}} optional (at most 500 characters). */
    @POST
    @Path("/{experiment}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.WILDCARD)
    public ExperimentView cancel(@PathParam("experiment") String experiment, String body) {
        return ExperimentView.of(experiments.cancel(experiment, reason(body)));
    }

    /** The same as {@code POST .../cancel} without a reason. */
    @DELETE
    @Path("/{experiment}")
    @RolesAllowed(Roles.OPERATOR)
    public ExperimentView delete(@PathParam("experiment") String experiment) {
        return ExperimentView.of(experiments.cancel(experiment, null));
    }

    private String reason(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (java.io.IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body is not valid JSON; send "
                    + "{\"reason\": \"...\"} or nothing");
        }
        JsonNode reason = node.get("reason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isTextual() || reason.asText().length() > RunRequest.Bounds.REASON) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "'reason' must be a string of at most "
                    + RunRequest.Bounds.REASON + " characters", java.util.Map.of("field", "reason"));
        }
        return reason.asText();
    }
}
