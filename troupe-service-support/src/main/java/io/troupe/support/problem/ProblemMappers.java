package io.troupe.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.troupe.protocol.problem.ProblemType;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every error of every Troupe REST endpoint as {@code application/problem+json}: our
 * own {@link ProblemException}s, constraint violations (each naming its field, value and bound),
 * JSON of the wrong type or shape (naming the field and the expected type), JAX-RS errors
 * (unknown path, wrong method, unsupported media type), and anything unexpected, an out-of-memory
 * error included (without leaking its internals).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Context
    UriInfo uri;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.toProblem(path()).toResponse();
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        List<Violations.Violation> violations = Violations.of(e.getConstraintViolations());
        String detail = violations.stream().map(Violations.Violation::sentence).collect(Collectors.joining("; "));
        return Problem.of(ProblemType.INVALID_FIELD, detail, path(),
                Map.of("violations", violations)).toResponse();
    }

    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e) {
        String field = JsonFields.path(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return Problem.of(ProblemType.UNKNOWN_FIELD, "'" + field
                    + "' is not a field of this request" + (known.isEmpty() ? "" : "; its fields are "
                    + String.join(", ", known)), path(), Map.of("field", field)).toResponse();
        }
        String expected = JsonFields.describe(e.getTargetType());
        String detail = field.isEmpty()
                ? "the request body must be " + expected + ": " + e.getOriginalMessage()
                : "'" + field + "' must be " + expected + JsonFields.found(e);
        return Problem.of(ProblemType.WRONG_TYPE, detail, path(),
                field.isEmpty() ? Map.of("expected", expected) : Map.of("field", field, "expected", expected))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch) {
            return mismatch(mismatch);
        }
        String field = e instanceof JsonMappingException m ? JsonFields.path(m) : "";
        return Problem.of(ProblemType.MALFORMED_JSON,
                "the request body is not valid JSON for this endpoint" + (field.isEmpty() ? "" : " at '" + field + "'")
                        + ": " + e.getOriginalMessage(), path(), Map.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // Quarkus REST wraps an unreadable JSON body in a bare 400; say what is wrong with the body instead.
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        if (e.getResponse().getEntity() instanceof Problem) {
            return e.getResponse(); // a problem answer with headers of its own (Retry-After, say)
        }
        int status = e.getResponse().getStatus();
        return HttpProblems.of(status, e.getMessage(), path()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (poolExhausted(e)) {
            // Load, not a defect: every connection was busy for the pool's whole acquisition timeout. The request
            // changed nothing (no connection, no transaction), so the client may simply send it again.
            LOG.warnf("database connections exhausted on %s: %s", path(), e.getMessage());
            return Response.fromResponse(Problem.of(ProblemType.DATABASE_BUSY, "every database connection of this "
                    + "service was in use for the pool's whole acquisition timeout, so the request was not served "
                    + "and changed nothing; send it again after Retry-After seconds", path(),
                    Map.of("retryAfterSeconds", DATABASE_BUSY_RETRY_SECONDS)).toResponse())
                    .header("Retry-After", DATABASE_BUSY_RETRY_SECONDS).build();
        }
        LOG.errorf(e, "unexpected error on %s", path());
        return internal(e);
    }

    /** Seconds a client should wait before retrying a request refused with {@code database-busy}. */
    static final int DATABASE_BUSY_RETRY_SECONDS = 1;

    /**
     * Whether {@code e} comes from a connection pool that had no free connection in time. Agroal says so only in
     * its message ("Sorry, acquisition timeout!", or "Acquisition timeout while waiting for new connection"),
     * on a plain {@link java.sql.SQLException} somewhere in the cause chain.
     */
    static boolean poolExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException && t.getMessage() != null
                    && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /** Errors (an out-of-memory error above all) are answered like any unexpected failure. */
    @ServerExceptionMapper
    public Response error(Error e) {
        LOG.errorf(e, "error on %s", path());
        return internal(e);
    }

    private Response internal(Throwable e) {
        return Problem.of(ProblemType.INTERNAL_ERROR,
                "the server failed unexpectedly (" + e.getClass().getSimpleName() + "); its log has the details",
                path(), Map.of()).toResponse();
    }

    private String path() {
        return uri == null ? null : uri.getPath();
    }
}
