package io.troupe.workspace.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.troupe.workspace.files.WorkspaceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** The run's result: its head tree as a tar.gz. */
@Path("/api/runs/{run}/archive")
public class ArchiveResource {
    static final String TAR_GZ = "application/gzip";

    private final WorkspaceService workspaces;

    ArchiveResource(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    /** Every live file at its head version, at its path; deleted files are not in it. */
    @RolesAllowed({Roles.VIEWER, Roles.AGENT, Roles.SERVICE})
    @GET
    @Produces(TAR_GZ)
    public Response archive(@PathParam("run") String run) {
        Map<String, String> files = workspaces.snapshot(run);
        StreamingOutput body = out -> write(files, out);
        return Response.ok(body, TAR_GZ)
                .header("Content-Disposition", "attachment; filename=\"" + run.replaceAll("[^A-Za-z0-9._-]", "_")
                        + ".tar.gz\"").build();
    }

    static void write(Map<String, String> files, OutputStream out) throws IOException {
        try (var tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out), StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var file : files.entrySet()) {
                byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
                var entry = new TarArchiveEntry(file.getKey());
                entry.setSize(bytes.length);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }
}
