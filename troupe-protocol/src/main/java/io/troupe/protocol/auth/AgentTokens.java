package io.troupe.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An agent's bearer token: {@code <agent id>.<base64url HMAC-SHA256(signing key, agent id)>}.
 * Whoever holds the signing key can mint a token for any agent (the agent service, for the
 * workers it hosts) and every service can check one without a table of agents; a token names
 * exactly one agent, so an agent can act only as itself.
 */
public final class AgentTokens {
    /** What an agent id may be: the ids the services store are at most 64 characters. */
    public static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    public AgentTokens(String signingKey) {
        if (signingKey == null || signingKey.length() < 16) {
            throw new IllegalArgumentException("the agent signing key must be at least 16 characters");
        }
        this.key = new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), HMAC);
    }

    /** The token of {@code agentId}; an id outside {@link #AGENT_ID} is refused. */
    public String mint(String agentId) {
        if (agentId == null || !AGENT_ID.matcher(agentId).matches()) {
            throw new IllegalArgumentException("not an agent id: " + agentId);
        }
        return agentId + "." + signature(agentId);
    }

    /** The agent a token names, if its signature is right. */
    public Optional<String> verify(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String agentId = token.substring(0, dot);
        if (!AGENT_ID.matcher(agentId).matches()) {
            return Optional.empty();
        }
        byte[] presented = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = signature(agentId).getBytes(StandardCharsets.US_ASCII);
        // Constant time, so the signature cannot be guessed byte by byte from response times.
        return MessageDigest.isEqual(presented, expected) ? Optional.of(agentId) : Optional.empty();
    }

    private String signature(String agentId) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] digest = mac.doFinal(agentId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
