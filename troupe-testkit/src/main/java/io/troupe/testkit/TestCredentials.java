package io.troupe.testkit;

import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.auth.Credentials;
import java.util.Map;

/**
 * The credentials of every test: the services' {@code %test} profile has the same values (their
 * application.properties), and a service a test starts as a child process gets {@link #config()}.
 */
public final class TestCredentials {
    public static final Credentials CREDENTIALS = new Credentials("test-operator-token", "test-viewer-token",
            "test-service-token", "test-agent-signing-key-0123456789");

    private TestCredentials() {
    }

    /** The {@code troupe.auth.*} properties of a service under test. */
    public static Map<String, String> config() {
        return CREDENTIALS.config();
    }

    public static String operator() {
        return CREDENTIALS.operatorToken();
    }

    public static String viewer() {
        return CREDENTIALS.viewerToken();
    }

    public static String service() {
        return CREDENTIALS.serviceToken();
    }

    public static String agent(String agentId) {
        return CREDENTIALS.agentToken(agentId);
    }

    /**
     * The token of the caller a test request plays when it names none: the agent its
     * {@code Troupe-Agent} header names (the services' own author {@code coordinator} is the
     * service identity); the service identity for the OTLP receiver; {@code agent-1} for a
     * workspace file write that names no agent (it used to be anonymous); else the operator.
     */
    public static String tokenFor(String method, String path, String agentHeader) {
        if (agentHeader != null && !agentHeader.isBlank()) {
            String agent = agentHeader.strip();
            if ("coordinator".equals(agent)) {
                return service();
            }
            // A header that is no agent id (a hostile-input test's) gets agent-1's token: a 403 then.
            return agent(io.troupe.protocol.auth.AgentTokens.AGENT_ID.matcher(agent).matches() ? agent : "agent-1");
        }
        String p = path == null ? "" : path;
        if (p.contains("/v1/traces")) {
            return service();
        }
        if (("PUT".equalsIgnoreCase(method) || "DELETE".equalsIgnoreCase(method)) && p.contains("/files/")) {
            return agent("agent-1");
        }
        return operator();
    }

    /** {@code request} with the {@code Authorization} of {@link #tokenFor}, unless it has one. */
    public static java.net.http.HttpRequest sign(java.net.http.HttpRequest request) {
        if (request.headers().firstValue("Authorization").isPresent()) {
            return request;
        }
        String token = tokenFor(request.method(), request.uri().getRawPath(),
                request.headers().firstValue(TroupeHeaders.AGENT).orElse(null));
        return java.net.http.HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", bearer(token)).build();
    }

    /** {@code Authorization} header value for a token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
