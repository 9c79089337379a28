package io.troupe.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One route's authorization, checked for every caller: anonymous and a forged token answer 401
 * (a problem with {@code WWW-Authenticate}), a role the route does not allow 403 (a problem), an
 * allowed role neither. {@code allowed} holds the roles; the operator also holds {@code viewer}.
 */
public record RouteAccess(String method, String path, Set<String> allowed, String contentType, String body) {
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The callers every route is tried with: role to token. {@code agent} is agent-1. */
    public static final Map<String, String> CALLERS = callers();

    public static RouteAccess of(String method, String path, String... allowed) {
        return new RouteAccess(method, path, Set.of(allowed), null, null);
    }

    public RouteAccess withBody(String type, String content) {
        return new RouteAccess(method, path, allowed, type, content);
    }

    /** Checks every caller; answers role to status for the report of a failure. */
    public Map<String, Integer> check() {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Response anonymous = send(null);
        seen.put("anonymous", anonymous.statusCode());
        anonymous.then().statusCode(401).contentType(containsString(PROBLEM_JSON))
                .header("WWW-Authenticate", containsString("Bearer")).body("status", equalTo(401));
        Response forged = send("agent-1.not-a-signature");
        seen.put("forged", forged.statusCode());
        forged.then().statusCode(401).contentType(containsString(PROBLEM_JSON))
                .header("WWW-Authenticate", containsString("invalid_token"));
        CALLERS.forEach((role, token) -> {
            Response answer = send(token);
            seen.put(role, answer.statusCode());
            boolean may = allowed.contains(role) || role.equals("operator") && allowed.contains("viewer");
            if (may) {
                if (answer.statusCode() == 401 || answer.statusCode() == 403) {
                    throw new AssertionError(method + " " + path + " refused " + role + " (" + answer.statusCode()
                            + "): " + answer.asString());
                }
            } else {
                answer.then().statusCode(403).contentType(containsString(PROBLEM_JSON))
                        .body("type", endsWith("/forbidden"));
            }
        });
        return seen;
    }

    /** The request as {@code token} (none if null), without the test token filter. */
    public Response send(String token) {
        RequestSpecification request = given().noFilters().urlEncodingEnabled(false);
        if (token != null) {
            request = request.header("Authorization", TestCredentials.bearer(token));
        }
        if (body != null) {
            boolean text = contentType.contains("json") || contentType.startsWith("text/");
            request = request.contentType(contentType);
            request = text ? request.body(body) : request.body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return request.request(method, path);
    }

    @Override
    public String toString() {
        return method + " " + path + " " + List.copyOf(allowed);
    }

    private static Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("operator", TestCredentials.operator());
        callers.put("viewer", TestCredentials.viewer());
        callers.put("service", TestCredentials.service());
        callers.put("agent", TestCredentials.agent("agent-1"));
        return Map.copyOf(callers);
    }
}
