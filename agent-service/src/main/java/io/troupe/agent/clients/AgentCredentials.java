package io.troupe.agent.clients;

import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.auth.AgentTokens;
import java.net.http.HttpRequest;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The tokens of the agents this process hosts. The agent service holds the agent signing key
 * ({@code troupe.auth.agent-key}) and signs each request as the agent its {@code Troupe-Agent}
 * header names; a request on behalf of no agent (a read) goes as {@value #READER}, an agent id on
 * no team, which may read but not write.
 */
public final class AgentCredentials {
    /** Who reads when no agent is named: on no team, so it can change nothing. */
    public static final String READER = "agent-service";
    private static final Logger LOG = Logger.getLogger(AgentCredentials.class);
    private static volatile Optional<AgentTokens> tokens;

    private AgentCredentials() {
    }

    /** {@code Bearer <token>} of {@code agentId}; empty without a signing key. */
    public static Optional<String> bearer(String agentId) {
        return tokens().map(t -> "Bearer " + t.mint(agentId));
    }

    /** {@code request} signed as the agent its Troupe-Agent header names (or {@link #READER}). */
    static HttpRequest sign(HttpRequest request) {
        if (request.headers().firstValue("Authorization").isPresent()) {
            return request;
        }
        String agent = request.headers().firstValue(TroupeHeaders.AGENT).orElse(READER);
        Optional<String> bearer = bearer(agent);
        if (bearer.isEmpty()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", bearer.get()).build();
    }

    private static Optional<AgentTokens> tokens() {
        Optional<AgentTokens> known = tokens;
        if (known == null) {
            known = ConfigProvider.getConfig().getOptionalValue("troupe.auth.agent-key", String.class)
                    .filter(k -> !k.isBlank()).map(AgentTokens::new);
            if (known.isEmpty()) {
                LOG.warn("troupe.auth.agent-key is not set: the agents' calls to the coordinator and the workspace "
                        + "carry no credential and will be refused (401)");
            }
            tokens = known;
        }
        return known;
    }
}
