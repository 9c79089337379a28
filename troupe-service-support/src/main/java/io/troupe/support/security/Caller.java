package io.troupe.support.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Map;

/**
 * Who is calling. The agent on whose behalf a request acts is the one its credential names; a
 * {@code Troupe-Agent} header may repeat it, but one that names another agent is refused.
 */
@RequestScoped
public class Caller {
    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The principal's name: an agent id, or {@code operator}, {@code viewer}, {@code service}. */
    public String name() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    /**
     * The acting agent: the credential's agent; a 403 problem if the caller is not an agent or
     * {@code header} (the {@code Troupe-Agent} value, may be null) names someone else.
     */
    public String agent(String header) {
        if (!identity.hasRole(Roles.AGENT)) {
            throw new ProblemException(ProblemType.NOT_AN_AGENT, "only an agent's credential may do this", Map.of());
        }
        String agent = identity.getPrincipal().getName();
        if (header != null && !header.isBlank() && !header.strip().equals(agent)) {
            throw new ProblemException(ProblemType.AGENT_MISMATCH, "the " + TroupeHeaders.AGENT + " header names "
                            + "another agent than your credential (" + agent
                            + "); an agent acts only as itself",
                    Map.of("credentialAgent", agent));
        }
        return agent;
    }

    /** A 403 problem unless {@code agent} is on {@code team}. */
    public static void requireOnTeam(String runId, String agent, java.util.Collection<String> team) {
        if (team == null || !team.contains(agent)) {
            throw notOnTeam(runId, agent);
        }
    }

    /** The 403 problem of an agent acting on a run whose team does not name it. */
    public static ProblemException notOnTeam(String runId, String agent) {
        return new ProblemException(ProblemType.AGENT_NOT_ON_TEAM, "agent " + agent + " is not on the team of run "
                + runId + "; an agent acts only on its runs",
                Map.of("agent", agent, "runId", runId));
    }
}
