package io.troupe.support.security;

import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.troupe.protocol.auth.AgentTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns a bearer token into a caller: the operator's, the viewers' or the services' shared
 * token, or an agent's signed token (the agent it names). Anything else fails authentication.
 */
@ApplicationScoped
@Startup
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    private static final Logger LOG = Logger.getLogger(TokenIdentityProvider.class);

    private final Optional<byte[]> operator;
    private final Optional<byte[]> viewer;
    private final Optional<byte[]> service;
    private final Optional<AgentTokens> agents;

    public TokenIdentityProvider(AuthConfig config) {
        this.operator = config.operatorToken().filter(t -> !t.isBlank()).map(TokenIdentityProvider::digest);
        this.viewer = config.viewerToken().filter(t -> !t.isBlank()).map(TokenIdentityProvider::digest);
        this.service = config.serviceToken().filter(t -> !t.isBlank()).map(TokenIdentityProvider::digest);
        this.agents = config.agentKey().filter(k -> !k.isBlank()).map(AgentTokens::new);
        if (operator.isEmpty() && viewer.isEmpty() && service.isEmpty() && agents.isEmpty()) {
            LOG.warn("no credentials configured (troupe.auth.*): every API call will be refused with 401");
        }
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        return Uni.createFrom().item(() -> identify(request.getToken().getToken()));
    }

    SecurityIdentity identify(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            throw new AuthenticationFailedException("malformed bearer token");
        }
        byte[] presented = digest(token);
        if (matches(operator, presented)) {
            return identity(Roles.OPERATOR, Set.of(Roles.OPERATOR, Roles.VIEWER));
        }
        if (matches(viewer, presented)) {
            return identity(Roles.VIEWER, Set.of(Roles.VIEWER));
        }
        if (matches(service, presented)) {
            return identity(Roles.SERVICE, Set.of(Roles.SERVICE));
        }
        Optional<String> agent = agents.flatMap(a -> a.verify(token));
        if (agent.isPresent()) {
            return identity(agent.get(), Set.of(Roles.AGENT));
        }
        throw new AuthenticationFailedException("unknown bearer token");
    }

    private static SecurityIdentity identity(String name, Set<String> roles) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRoles(roles).build();
    }

    private static boolean matches(Optional<byte[]> expected, byte[] presented) {
        return expected.isPresent() && MessageDigest.isEqual(expected.get(), presented);
    }

    /** Compared as digests so that a comparison's time says nothing about the secret's length. */
    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
