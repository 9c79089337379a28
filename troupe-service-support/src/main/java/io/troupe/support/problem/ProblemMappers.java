package io.troupe.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every error of every Troupe REST endpoint as {@code application/problem+json}: our
 * own {@link ProblemException}s, JAX-RS errors (unknown path, wrong method, unsupported media
 * type), unreadable JSON bodies, and anything unexpected (without leaking its internals).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Context
    UriInfo uri;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return new Problem(Problem.TYPE_BASE + e.type(), e.title(), e.status(), e.getMessage(), path(),
                e.extensions()).toResponse();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return new Problem(Problem.TYPE_BASE + "malformed-json", "Malformed JSON", 400,
                "the request body is not valid JSON for this endpoint: " + e.getOriginalMessage(), path(), Map.of())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // Quarkus REST wraps an unreadable JSON body in a bare 400; say what is wrong with the body instead.
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        String reason = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String slug = reason.toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return new Problem(Problem.TYPE_BASE + slug, reason, status, e.getMessage(), path(), Map.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf(e, "unexpected error on %s", path());
        return new Problem(Problem.TYPE_BASE + "internal-error", "Internal error", 500,
                "the server failed unexpectedly (" + e.getClass().getSimpleName() + "); its log has the details",
                path(), Map.of()).toResponse();
    }

    private String path() {
        return uri == null ? null : uri.getPath();
    }
}
