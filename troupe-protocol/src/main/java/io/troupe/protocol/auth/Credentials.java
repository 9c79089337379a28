package io.troupe.protocol.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The secrets of one Troupe deployment: the operator's, the viewers' and the services' bearer
 * tokens and the key that signs agents' tokens. A service reads them from {@code troupe.auth.*}
 * ({@link #config}); a local stack generates them ({@link #generate}) and keeps them in a
 * {@code 0600} properties file ({@link #toProperties}).
 */
public record Credentials(String operatorToken, String viewerToken, String serviceToken, String agentKey) {
    public static final String OPERATOR_TOKEN = "troupe.auth.operator-token";
    public static final String VIEWER_TOKEN = "troupe.auth.viewer-token";
    public static final String SERVICE_TOKEN = "troupe.auth.service-token";
    public static final String AGENT_KEY = "troupe.auth.agent-key";

    /** Fresh random credentials (256 bits each). */
    public static Credentials generate() {
        SecureRandom random = new SecureRandom();
        return new Credentials("op_" + secret(random), "view_" + secret(random), "svc_" + secret(random),
                secret(random));
    }

    /** The config properties that give a service these credentials. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(OPERATOR_TOKEN, operatorToken);
        config.put(VIEWER_TOKEN, viewerToken);
        config.put(SERVICE_TOKEN, serviceToken);
        config.put(AGENT_KEY, agentKey);
        return config;
    }

    /** An agent's token, signed with {@link #agentKey}. */
    public String agentToken(String agentId) {
        return new AgentTokens(agentKey).mint(agentId);
    }

    public Properties toProperties() {
        Properties p = new Properties();
        config().forEach(p::setProperty);
        return p;
    }

    /** Credentials from properties written by {@link #toProperties}; a missing one is an error. */
    public static Credentials fromProperties(Properties p) {
        return new Credentials(required(p, OPERATOR_TOKEN), required(p, VIEWER_TOKEN), required(p, SERVICE_TOKEN),
                required(p, AGENT_KEY));
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the credentials file lacks " + key);
        }
        return value.strip();
    }

    private static String secret(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "Credentials[redacted]";
    }
}
