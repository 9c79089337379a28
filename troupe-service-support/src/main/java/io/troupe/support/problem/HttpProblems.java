package io.troupe.support.problem;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Problems for plain HTTP statuses (unknown route, wrong method, body too large, ...). */
public final class HttpProblems {
    private HttpProblems() {
    }

    /** A problem whose type slug and title come from the status's reason phrase. */
    public static Problem of(int status, String detail, String path) {
        Response.Status known = Response.Status.fromStatusCode(status);
        // RFC 9110's names where JAX-RS has older ones or none
        String reason = switch (status) {
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            default -> known != null ? known.getReasonPhrase() : status >= 500 ? "Internal error" : "Error";
        };
        String slug = reason.toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return new Problem(Problem.TYPE_BASE + slug, reason, status, detail, path, Map.of());
    }
}
