package io.troupe.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.coordinator.runs.RunRequest;
import io.troupe.coordinator.runs.RunService;
import io.troupe.coordinator.runs.TaskService;
import io.troupe.coordinator.security.RunAccess;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

/** Runs: start one, read them, cancel one; and the board's task operations on behalf of agents. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {
    private final RunService runs;
    private final TaskService tasks;
    private final ObjectMapper json;
    /** The acting agent comes from its credential (a disagreeing Troupe-Agent header is a 403). */
    @Inject
    RunAccess access;

    public RunResource(RunService runs, TaskService tasks, ObjectMapper json) {
        this.runs = runs;
        this.tasks = tasks;
        this.json = json;
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid RunRequest request, @Context UriInfo uri) {
        RunViews.RunView run = RunViews.RunView.of(runs.create(request));
        return Response.created(uri.getAbsolutePathBuilder().path(run.id()).build()).entity(run).build();
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    public List<RunViews.RunView> list() {
        return runs.all().stream().map(RunViews.RunView::of).toList();
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/{run}")
    public RunViews.RunView get(@PathParam("run") String run) {
        return RunViews.RunView.of(runs.get(run));
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("/{run}/board")
    public RunViews.BoardView board(@PathParam("run") String run) {
        return RunViews.BoardView.of(runs.get(run));
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{run}/cancel")
    public RunViews.RunView cancel(@PathParam("run") String run, String body) {
        String reason = field(body, "reason").map(JsonNode::asText).orElse(null);
        bounded("reason", reason, RunRequest.Bounds.REASON);
        return RunViews.RunView.of(runs.cancel(run, reason));
    }

    @RolesAllowed(Roles.AGENT)
    @POST
    @Path("/{run}/tasks/{task}/claim")
    public RunViews.LeaseView claim(@PathParam("run") String run, @PathParam("task") String task,
                                    @HeaderParam(TroupeHeaders.AGENT) @Size(max = RunRequest.Bounds.ID) String agent) {
        return RunViews.LeaseView.of(tasks.claim(run, task, access.agentOf(run, agent)));
    }

    @RolesAllowed(Roles.AGENT)
    @POST
    @Path("/{run}/tasks/{task}/renew")
    public RunViews.LeaseView renew(@PathParam("run") String run, @PathParam("task") String task,
                                    @HeaderParam(TroupeHeaders.AGENT) @Size(max = RunRequest.Bounds.ID) String agent,
                                    @HeaderParam(TroupeHeaders.LEASE_EPOCH) String epochHeader, String body) {
        return RunViews.LeaseView.of(tasks.renew(run, task, access.agentOf(run, agent), epoch(epochHeader, body)));
    }

    @RolesAllowed(Roles.AGENT)
    @POST
    @Path("/{run}/tasks/{task}/complete")
    public RunViews.TaskView complete(@PathParam("run") String run, @PathParam("task") String task,
                                      @HeaderParam(TroupeHeaders.AGENT) @Size(max = RunRequest.Bounds.ID) String agent,
                                      @HeaderParam(TroupeHeaders.LEASE_EPOCH) String epochHeader, String body) {
        return RunViews.TaskView.of(tasks.complete(run, task, access.agentOf(run, agent), epoch(epochHeader, body)));
    }

    /** The lead of a {@code lead} run (the Troupe-Agent header) gives the task to {@code {"agent": "agent-2"}}. */
    @RolesAllowed(Roles.AGENT)
    @POST
    @Path("/{run}/tasks/{task}/assign")
    public RunViews.LeaseView assign(@PathParam("run") String run, @PathParam("task") String task,
                                     @HeaderParam(TroupeHeaders.AGENT) @Size(max = RunRequest.Bounds.ID) String lead,
                                     String body) {
        String agent = field(body, "agent").map(JsonNode::asText).orElse(null);
        bounded("agent", agent, RunRequest.Bounds.ID);
        return RunViews.LeaseView.of(tasks.assign(run, task, access.agentOf(run, lead), agent));
    }

    /** Refuses a body field of more than {@code max} characters, naming it. */
    private static void bounded(String name, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "'" + name + "' must have at most "
                    + max + " characters, not " + value.length(), java.util.Map.of("field", name, "max", max));
        }
    }

    /** The epoch from the header, else from a JSON body {@code {"epoch": n}}; null if neither has one. */
    private Long epoch(String header, String body) {
        if (header != null && !header.isBlank()) {
            try {
                return Long.parseLong(header.strip());
            } catch (NumberFormatException e) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "the " + TroupeHeaders.LEASE_EPOCH + " header "
                        + "must be the number the claim "
                        + "answered as 'epoch', not '" + header + "'");
            }
        }
        return field(body, "epoch").map(node -> {
            if (!node.canConvertToLong() || !node.isIntegralNumber()) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "'epoch' must be the number the claim answered, "
                        + "not " + node);
            }
            return node.asLong();
        }).orElse(null);
    }

    /** A field of an optional JSON object body (agents may post nothing, or no content type). */
    private java.util.Optional<JsonNode> field(String body, String name) {
        if (body == null || body.isBlank()) {
            return java.util.Optional.empty();
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (java.io.IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "the body is not valid JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + "); send an object like {\"" + name
                    + "\": ...} or nothing");
        }
        return java.util.Optional.ofNullable(node.get(name)).filter(n -> !n.isNull());
    }
}
