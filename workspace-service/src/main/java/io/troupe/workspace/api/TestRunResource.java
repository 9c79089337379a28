package io.troupe.workspace.api;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.workspace.TestRunResult;
import io.troupe.workspace.testrun.TestRunService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Runs a workspace's tests. Blocking on purpose: Quarkus REST runs methods with plain return types
 * on a worker thread, never on the event loop.
 */
@Path("/api/runs/{run}/test-runs")
public class TestRunResource {
    private final TestRunService testRuns;
    private final ObjectMapper json;
    @jakarta.inject.Inject
    io.troupe.workspace.security.WorkspaceAccess access;

    TestRunResource(TestRunService testRuns, ObjectMapper json) {
        this.testRuns = testRuns;
        this.json = json;
    }

    /** {@code paths}: the tests to run (files or pytest node ids); all tests if absent. */
    public record TestRunRequest(List<String> paths) {
    }

    /** The body is optional, so it is accepted with any (or no) content type and read as JSON here. */
    @RolesAllowed({Roles.AGENT, Roles.OPERATOR})
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public TestRunResult run(@PathParam("run") String run, @HeaderParam(TroupeHeaders.AGENT) String agent,
                             String body) throws JsonProcessingException {
        TestRunRequest request = body == null || body.isBlank() ? null : json.readValue(body, TestRunRequest.class);
        return testRuns.run(run, access.tester(run, agent),
                request == null || request.paths() == null ? List.of() : request.paths());
    }
}
