package io.troupe.support.security;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The deployment's secrets ({@code troupe.auth.*}, usually from the environment:
 * {@code TROUPE_AUTH_OPERATOR_TOKEN}, ...). A credential that is not configured matches no
 * token, so a service with none configured answers every API call 401.
 */
@ConfigMapping(prefix = "troupe.auth")
public interface AuthConfig {
    Optional<String> operatorToken();

    Optional<String> viewerToken();

    Optional<String> serviceToken();

    /** The key that signs agents' tokens ({@link io.troupe.protocol.auth.AgentTokens}). */
    Optional<String> agentKey();
}
