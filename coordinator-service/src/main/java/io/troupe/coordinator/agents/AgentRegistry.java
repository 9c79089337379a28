package io.troupe.coordinator.agents;

import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.protocol.events.AgentEvent.AgentHeartbeat;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The agents that announce themselves with heartbeats. An agent whose heartbeats stop for
 * {@code troupe.agents.heartbeat-timeout} is expired: dropped from the registry, so no run recruits
 * it any more. Kept in memory: a restarted coordinator knows every live agent again after one
 * heartbeat interval (and reads back recent heartbeats from the topic).
 */
@ApplicationScoped
public class AgentRegistry {
    private static final Logger LOG = Logger.getLogger(AgentRegistry.class);
    private static final Pattern NUMBERED = Pattern.compile("^(.*?)(\\d+)$");
    /** {@code agent-2} before {@code agent-10}: by prefix, then by number. */
    public static final Comparator<String> NATURAL = Comparator.comparing(AgentRegistry::prefix)
            .thenComparingLong(AgentRegistry::number).thenComparing(Comparator.naturalOrder());

    private final Map<String, LiveAgent> agents = new ConcurrentHashMap<>();
    private final CoordinatorConfig config;

    public AgentRegistry(CoordinatorConfig config) {
        this.config = config;
    }

    /** Records a heartbeat; one older than the timeout (read back from the topic at start) is ignored. */
    public void heard(AgentHeartbeat heartbeat, Instant now) {
        if (heartbeat.agentId() == null || heartbeat.at() == null || expired(heartbeat.at(), now)) {
            return;
        }
        LiveAgent agent = new LiveAgent(heartbeat.agentId(), heartbeat.state(), heartbeat.runId(), heartbeat.host(),
                heartbeat.at());
        LiveAgent before = agents.get(agent.id());
        agents.merge(agent.id(), agent, (old, fresh) -> fresh.lastSeen().isBefore(old.lastSeen()) ? old : fresh);
        if (before == null) {
            LOG.infof("agent joined agentId=%s host=%s state=%s", agent.id(), agent.host(), agent.state());
        }
    }

    /** The agents heard from within the timeout, in natural id order; expires the others. */
    public List<LiveAgent> live(Instant now) {
        agents.values().removeIf(agent -> {
            boolean gone = expired(agent.lastSeen(), now);
            if (gone) {
                LOG.infof("agent expired agentId=%s host=%s lastSeen=%s (no heartbeat for %s)", agent.id(),
                        agent.host(), agent.lastSeen(), config.agents().heartbeatTimeout());
            }
            return gone;
        });
        return agents.values().stream().sorted(Comparator.comparing(LiveAgent::id, NATURAL)).toList();
    }

    private boolean expired(Instant lastSeen, Instant now) {
        return lastSeen.plus(config.agents().heartbeatTimeout()).isBefore(now);
    }

    private static String prefix(String id) {
        Matcher m = NUMBERED.matcher(id);
        return m.matches() ? m.group(1) : id;
    }

    private static long number(String id) {
        Matcher m = NUMBERED.matcher(id);
        if (!m.matches() || m.group(2).length() > 18) {
            return -1;
        }
        return Long.parseLong(m.group(2));
    }
}
