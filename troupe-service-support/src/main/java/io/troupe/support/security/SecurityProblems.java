package io.troupe.support.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.Problem;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 as RFC 9457 problems. Authentication is not proactive
 * ({@code quarkus.http.auth.proactive=false}), so a missing or wrong token reaches these mappers
 * instead of Vert.x's bare 401.
 */
public class SecurityProblems {
    @Context
    UriInfo uri;

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthorized(ProblemType.UNAUTHENTICATED, "this API needs a bearer token (Authorization: Bearer "
                + "<token>); "
                + "see README, Threat model, for where a local stack keeps its credentials", CHALLENGE_PLAIN);
    }

    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException e) {
        return unauthorized(ProblemType.INVALID_TOKEN, "the bearer token is not one this deployment issued",
                CHALLENGE_PLAIN + ", error=\"invalid_token\"");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(ProblemType.FORBIDDEN,
                "your credential's role may not do this" + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                path(), Map.of()).toResponse();
    }

    private static final String CHALLENGE_PLAIN = BearerTokenMechanism.CHALLENGE;

    private Response unauthorized(ProblemType type, String detail, String challenge) {
        Response problem = Problem.of(type, detail, path(), Map.of()).toResponse();
        return Response.fromResponse(problem).header("WWW-Authenticate", challenge).build();
    }

    private String path() {
        return uri == null ? null : uri.getPath();
    }
}
