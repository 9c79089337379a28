package io.troupe.workspace.api;

import static io.troupe.workspace.api.FileResource.MAX_AGENT_LENGTH;

import io.troupe.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.workspace.TestRunResult;
import io.smallrye.common.annotation.Blocking;
import io.troupe.workspace.testrun.TestRunService;
import io.troupe.workspace.testrun.TooManyTestRuns;
import io.troupe.support.json.RejectUnknownProperties;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Runs a workspace's tests. The request is checked on a worker thread ({@code @Blocking}: it reads
 * the database), then the test run executes on a thread of its own and the response is written
 * when it ends, so waiting test runs hold no request thread. The test command is the workspace's
 * (from its suite); a request names only which tests to run.
 */
@Path("/api/runs/{run}/test-runs")
public class TestRunResource {
    private final TestRunService testRuns;
    private final ObjectMapper json;
    private final Validator validator;
    @jakarta.inject.Inject
    io.troupe.workspace.security.WorkspaceAccess access;

    TestRunResource(TestRunService testRuns, ObjectMapper json, Validator validator) {
        this.testRuns = testRuns;
        this.json = json;
        this.validator = validator;
    }

    /** {@code paths}: the tests to run (files or pytest node ids); all tests if absent. */
    @RejectUnknownProperties
    public record TestRunRequest(@Size(max = 200) List<@NotNull @Size(max = 512) String> paths) {
    }

    /** The body is optional, so it is accepted with any (or no) content type and read as JSON here. */
    @RolesAllowed({Roles.AGENT, Roles.OPERATOR})
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public CompletionStage<TestRunResult> run(@PathParam("run") String run,
                                              @HeaderParam(TroupeHeaders.AGENT) @Size(max = MAX_AGENT_LENGTH)
                                              String agent,
                                              @HeaderParam(TroupeHeaders.RUN_TIME) String runTime, String body)
            throws JsonProcessingException {
        TestRunRequest request = body == null || body.isBlank() ? null : json.readValue(body, TestRunRequest.class);
        var violations = request == null ? java.util.Set.<ConstraintViolation<TestRunRequest>>of()
                : validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return testRuns.submit(run, access.tester(run, agent),
                request == null || request.paths() == null ? List.of() : request.paths(),
                RunTimeHeader.clock(runTime));
    }

    /** 429 with Retry-After: the problem body says the same in {@code retryAfterSeconds}. */
    @ServerExceptionMapper
    public Response tooMany(TooManyTestRuns e) {
        return Response.fromResponse(e.toProblem(null).toResponse())
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }
}
