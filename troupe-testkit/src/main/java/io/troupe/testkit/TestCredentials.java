package io.troupe.testkit;

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

    /** {@code Authorization} header value for a token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
