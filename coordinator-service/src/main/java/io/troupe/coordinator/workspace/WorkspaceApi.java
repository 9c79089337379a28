package io.troupe.coordinator.workspace;

import io.troupe.protocol.TroupeHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The part of the workspace service's API the coordinator uses (see docs/api.md). */
@Path("/api/runs")
public interface WorkspaceApi {

    /** Creates a run's workspace; idempotent ({@code 201} created, {@code 200} existed). */
    @PUT
    @Path("/{run}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response create(@PathParam("run") String runId, @HeaderParam(TroupeHeaders.AGENT) String author,
                    CreateWorkspace body);

    record CreateWorkspace(String mode, String testCommand, Map<String, String> files) {
    }
}
