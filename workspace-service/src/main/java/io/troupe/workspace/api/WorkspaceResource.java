package io.troupe.workspace.api;

import static io.troupe.workspace.api.FileResource.MAX_AGENT_LENGTH;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.workspace.FileHead;
import io.troupe.workspace.files.FileStore;
import io.troupe.workspace.files.WorkspaceService;
import io.troupe.support.json.RejectUnknownProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Creates a run's workspace; tells how its writers got in each other's way. */
@Path("/api/runs/{run}")
public class WorkspaceResource {
    static final String DEFAULT_CREATOR = "coordinator";

    private final WorkspaceService workspaces;

    WorkspaceResource(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    /** {@code files} are the seed files, written as version 1 by the caller. */
    @RejectUnknownProperties
    public record CreateWorkspace(@Size(max = 32) String mode, @Size(max = 2000) String testCommand,
                                  Map<String, String> files) {
    }

    public record WorkspaceView(String runId, String mode, String testCommand, String createdBy, Instant createdAt,
                                List<FileHead> files) {
    }

    @RolesAllowed({Roles.SERVICE, Roles.OPERATOR})
    @PUT
    public Response create(@PathParam("run") String run,
                           @HeaderParam(TroupeHeaders.AGENT) @Size(max = MAX_AGENT_LENGTH) String agent,
                           @Valid CreateWorkspace body, @Context UriInfo uri) {
        CreateWorkspace request = body == null ? new CreateWorkspace(null, null, null) : body;
        var created = workspaces.create(run, request.mode(), request.testCommand(), request.files(),
                agent == null ? DEFAULT_CREATOR : agent);
        var w = created.workspace();
        var view = new WorkspaceView(w.runId(), w.mode().code(), w.testCommand(), w.createdBy(), w.createdAt(),
                created.files());
        return created.created() ? Response.created(uri.getRequestUri()).entity(view).build()
                : Response.ok(view).build();
    }

    /**
     * How the run's writers got in each other's way: versions, rewrites, deletions, refused
     * writes, overwrites (with the characters each destroyed) and concurrent writes.
     */
    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("accounting")
    @Produces(MediaType.APPLICATION_JSON)
    public FileStore.Accounting accounting(@PathParam("run") String run) {
        return workspaces.accounting(run);
    }
}
