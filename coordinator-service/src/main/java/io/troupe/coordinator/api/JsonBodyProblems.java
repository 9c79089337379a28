package io.troupe.coordinator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.troupe.support.problem.Problem;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus REST wraps an unreadable JSON body in a bare {@code 400 WebApplicationException}, which the
 * shared mapper renders as "HTTP 400 Bad Request". This mapper (ahead of the shared one) says what is
 * wrong with the body instead, and renders every other JAX-RS error exactly as the shared mapper does.
 * Remove it once troupe-service-support's {@code ProblemMappers.web} unwraps the JSON cause itself.
 */
public class JsonBodyProblems {
    @Context
    UriInfo uri;

    @ServerExceptionMapper(priority = Priorities.USER - 1)
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return new Problem(Problem.TYPE_BASE + "malformed-json", "Malformed JSON", 400,
                    "the request body is not valid JSON for this endpoint: " + json.getOriginalMessage(),
                    path(), Map.of()).toResponse();
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String reason = known == null ? "Error" : known.getReasonPhrase();
        return new Problem(Problem.TYPE_BASE + reason.toLowerCase().replaceAll("[^a-z0-9]+", "-"), reason, status,
                e.getMessage(), path(), Map.of()).toResponse();
    }

    private String path() {
        return uri == null ? null : uri.getPath();
    }
}
