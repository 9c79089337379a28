package io.troupe.support.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads the caller's bearer token from {@code Authorization: Bearer <token>} or, for the
 * metrics UI in a browser, from the cookie {@value #COOKIE}. No token: the caller is anonymous,
 * and every Troupe API refuses anonymous callers (401).
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {
    /** The cookie the metrics UI keeps a viewer's token in. */
    public static final String COOKIE = "troupe_token";
    /** The {@code WWW-Authenticate} challenge of a 401. */
    public static final String CHALLENGE = "Bearer realm=\"troupe\"";
    private static final String PREFIX = "bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = token(context);
        if (token == null) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")));
    }

    static String token(RoutingContext context) {
        String header = context.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return header.substring(PREFIX.length()).strip();
        }
        Cookie cookie = context.request().getCookie(COOKIE);
        return cookie == null || cookie.getValue().isBlank() ? null
                : java.net.URLDecoder.decode(cookie.getValue(), java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }
}
