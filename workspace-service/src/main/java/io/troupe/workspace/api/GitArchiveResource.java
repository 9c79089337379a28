package io.troupe.workspace.api;

import io.troupe.protocol.TroupeHeaders;
import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.workspace.files.GitHistory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** The run's result with its history: a git bundle, one commit per accepted version. */
@Path("/api/runs/{run}/archive.git")
public class GitArchiveResource {
    static final String GIT_BUNDLE = "application/x-git-bundle";

    private final GitHistory history;

    GitArchiveResource(GitHistory history) {
        this.history = history;
    }

    /** {@code git clone <run>.bundle} gives a repository whose {@code git log} tells who wrote what, when. */
    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Produces(GIT_BUNDLE)
    public Response bundle(@PathParam("run") String run) {
        GitHistory.Bundle bundle = history.bundle(run);
        StreamingOutput body = bundle::write;
        return Response.ok(body, GIT_BUNDLE)
                .header(TroupeHeaders.COMMITS, bundle.commits())
                .header("Content-Disposition", "attachment; filename=\"" + run.replaceAll("[^A-Za-z0-9._-]", "_")
                        + ".bundle\"").build();
    }
}
