package io.troupe.workspace.api;

import io.troupe.protocol.TroupeHeaders;
import io.troupe.workspace.FileHead;
import io.troupe.workspace.FileVersion;
import io.troupe.workspace.Precondition;
import io.troupe.workspace.files.WorkspaceService;
import io.vertx.core.http.HttpServerRequest;
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

/** A run's files: list, read (the head or any kept version), conditional write, history. */
@Path("/api/runs/{run}")
public class FileResource {
    static final String DEFAULT_WRITER = "anonymous";

    private final WorkspaceService workspaces;

    FileResource(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    @GET
    @Path("files")
    @Produces(MediaType.APPLICATION_JSON)
    public List<FileHead> list(@PathParam("run") String run) {
        return workspaces.list(run);
    }

    @GET
    @Path("files/{path: .+}")
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    public Response read(@PathParam("run") String run, @PathParam("path") String path,
                         @QueryParam("version") Long version, @Context HttpServerRequest request) {
        FileVersion file = workspaces.read(run, RawPaths.after(request, "files", path), Optional.ofNullable(version));
        return Response.ok(file.content()).tag(String.valueOf(file.version()))
                .header(TroupeHeaders.AUTHOR, file.author()).build();
    }

    @PUT
    @Path("files/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response write(@PathParam("run") String run, @PathParam("path") String path,
                          @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                          @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                          @HeaderParam(TroupeHeaders.AGENT) String agent, String content, @Context UriInfo uri,
                          @Context HttpServerRequest request) {
        var written = workspaces.write(run, RawPaths.after(request, "files", path), Precondition.fromHeaders(ifMatch, ifNoneMatch),
                agent == null ? DEFAULT_WRITER : agent, content == null ? "" : content);
        var response = written.created() ? Response.created(uri.getRequestUri()) : Response.ok();
        return response.tag(String.valueOf(written.head().version())).entity(written.head()).build();
    }

    public record VersionView(long version, String author, Instant createdAt, long size, String sha256) {
        static VersionView of(FileVersion v) {
            return new VersionView(v.version(), v.author(), v.createdAt(), v.size(), v.sha256());
        }
    }

    /** Every kept version of a file, oldest first (read one with {@code ?version=}). */
    @GET
    @Path("history/{path: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public List<VersionView> history(@PathParam("run") String run, @PathParam("path") String path,
                                     @Context HttpServerRequest request) {
        return workspaces.history(run, RawPaths.after(request, "history", path)).stream().map(VersionView::of).toList();
    }
}
