package io.troupe.workspace.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.workspace.FileHead;
import io.troupe.workspace.FileVersion;
import io.troupe.workspace.Precondition;
import io.troupe.workspace.files.WorkspaceService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A run's files: list, read (the head or any kept version), conditional write and delete, history. */
@Path("/api/runs/{run}")
public class FileResource {
    /** The longest agent id a {@code Troupe-Agent} header may carry (the coordinator's agent ids are shorter). */
    static final int MAX_AGENT_LENGTH = 64;

    private final WorkspaceService workspaces;
    @jakarta.inject.Inject
    io.troupe.workspace.security.WorkspaceAccess access;

    FileResource(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("files")
    @Produces(MediaType.APPLICATION_JSON)
    public List<FileHead> list(@PathParam("run") String run) {
        return workspaces.list(run);
    }

    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("files/{path: .+}")
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    public Response read(@PathParam("run") String run, @PathParam("path") String path,
                         @QueryParam("version") Long version, @Context HttpServerRequest request) {
        return content(workspaces.read(run, RawPaths.after(request, "files", path), Optional.ofNullable(version)));
    }

    @RolesAllowed(Roles.AGENT)
    @PUT
    @Path("files/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response write(@PathParam("run") String run, @PathParam("path") String path,
                          @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                          @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                          @HeaderParam(TroupeHeaders.AGENT) @Size(max = MAX_AGENT_LENGTH) String agent,
                          @HeaderParam(TroupeHeaders.RUN_TIME) String runTime, byte[] body,
                          @Context UriInfo uri, @Context HttpServerRequest request) {
        String content = Utf8Text.decode(body);
        var written = workspaces.write(run, RawPaths.after(request, "files", path),
                Precondition.fromHeaders(ifMatch, ifNoneMatch), access.writer(run, agent), content,
                RunTimeHeader.clock(runTime));
        var response = written.created() ? Response.created(uri.getRequestUri()) : Response.ok();
        return response.tag(String.valueOf(written.head().version())).entity(written.head()).build();
    }

    /** Deletes a file: appends a tombstone version (its history is kept); needs {@code If-Match}. */
    @RolesAllowed(Roles.AGENT)
    @DELETE
    @Path("files/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("run") String run, @PathParam("path") String path,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                           @HeaderParam(TroupeHeaders.AGENT) @Size(max = MAX_AGENT_LENGTH) String agent,
                           @HeaderParam(TroupeHeaders.RUN_TIME) String runTime, @Context HttpServerRequest request) {
        var deleted = workspaces.delete(run, RawPaths.after(request, "files", path),
                Precondition.fromHeaders(ifMatch, ifNoneMatch), access.writer(run, agent),
                RunTimeHeader.clock(runTime));
        return Response.ok(deleted.head()).tag(String.valueOf(deleted.head().version())).build();
    }

    /** One kept version, as a history lists it; a {@code deleted} version is a tombstone. */
    public record VersionView(long version, String author, Instant time, long size, String sha256, Long baseVersion,
                              boolean deleted) {
        static VersionView of(FileVersion v) {
            return new VersionView(v.version(), v.author(), v.createdAt(), v.size(), v.sha256(), v.baseVersion(),
                    v.deleted());
        }
    }

    /** Every kept version of a file, oldest first. */
    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("files/{path: .+}/versions")
    @Produces(MediaType.APPLICATION_JSON)
    public List<VersionView> versions(@PathParam("run") String run, @PathParam("path") String path,
                                      @Context HttpServerRequest request) {
        String file = RawPaths.before(RawPaths.after(request, "files", path + "/versions"), "/versions");
        return workspaces.history(run, file).stream().map(VersionView::of).toList();
    }

    /** The content of version {@code n} of a file. */
    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Path("files/{path: .+}/versions/{n: [0-9]+}")
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    public Response version(@PathParam("run") String run, @PathParam("path") String path, @PathParam("n") long n,
                            @Context HttpServerRequest request) {
        String file = RawPaths.before(RawPaths.after(request, "files", path + "/versions/" + n), "/versions/" + n);
        return content(workspaces.read(run, file, Optional.of(n)));
    }

    private static Response content(FileVersion file) {
        return Response.ok(file.content()).tag(String.valueOf(file.version()))
                .header(TroupeHeaders.AUTHOR, file.author()).build();
    }
}
