package io.troupe.coordinator.agents;

import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TeamMember;
import io.troupe.coordinator.architecture.Preassignment;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TeamStore;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.coordinator.pool.AgentPool;
import io.troupe.protocol.events.AgentEvent.AgentHeartbeat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Gives runs their agents. A starting run of n agents tells the {@link AgentPool} how many agents
 * the running runs now need, then recruits n live idle agents that no running run holds (in natural
 * id order); if fewer are free it shares the least-held live agents (each still does one task at a
 * time); if no agent has announced itself at all, its team is {@code agent-1} … {@code agent-n}, the
 * ids a local agent service's workers (and a Kubernetes pool's pods) answer to. Just after the coordinator
 * starts, recruiting first waits until the heartbeats on the topic are read back ({@link HeartbeatBacklog}).
 * A run lets its agents go when it ends.
 */
@ApplicationScoped
public class Recruitment {
    private static final Logger LOG = Logger.getLogger(Recruitment.class);

    private final AgentRegistry registry;
    private final HeartbeatBacklog backlog;
    private final Duration heartbeatTimeout;
    private final TeamStore teams;
    private final RunStore runs;
    private final Instance<AgentPool> pools;
    private final ReentrantLock lock = new ReentrantLock();

    public Recruitment(AgentRegistry registry, HeartbeatBacklog backlog, CoordinatorConfig config, TeamStore teams,
                       RunStore runs, Instance<AgentPool> pools) {
        this.registry = registry;
        this.backlog = backlog;
        this.heartbeatTimeout = config.agents().heartbeatTimeout();
        this.teams = teams;
        this.runs = runs;
        this.pools = pools;
    }

    /** The pool chosen by {@code troupe.pool.kind}: the local one, or the Kubernetes one. */
    private AgentPool pool() {
        return pools.get();
    }

    /**
     * Recruits a team of {@code n} for {@code runId} and hands it to {@code start}, which stores
     * the run with its team: both under one lock, so two runs starting at once never recruit the
     * same idle agent.
     */
    public <T> T recruit(String runId, int n, Function<List<TeamMember>, T> start) {
        pool().demand(inUse() + n);
        // Just after a start the registry has not read back the agents' heartbeats: wait for them, at most one
        // heartbeat timeout (in which every live agent sends one anyway), rather than recruit ids no one hosts.
        if (!backlog.awaitRead(heartbeatTimeout)) {
            LOG.warnf("the agents' heartbeats were not read back within %s; recruiting from the %d agents heard "
                    + "so far (runId=%s)", heartbeatTimeout, registry.live(Instant.now()).size(), runId);
        }
        lock.lock();
        try {
            List<TeamMember> team = choose(n, Instant.now());
            LOG.infof("team recruited runId=%s team=%s recruited=%d of %d", runId, TeamMember.ids(team),
                    team.stream().filter(TeamMember::recruited).count(), n);
            return start.apply(team);
        } finally {
            lock.unlock();
        }
    }

    /** {@code run} ended: its agents are free for other runs. */
    public void release(Run run) {
        int released = teams.release(run.id(), Instant.now());
        if (released > 0) {
            LOG.infof("team released runId=%s agents=%d", run.id(), released);
        }
        demandChanged();
    }

    /** Tells the pool how many agents the running runs need now (at start, after a run ended). */
    public void demandChanged() {
        pool().demand(inUse());
    }

    /**
     * The live agents, each with the RUNNING runs holding it; {@code capacity} is what the pool
     * provides, {@code inUse} what the running runs need.
     */
    public Roster roster() {
        Map<String, List<String>> held = teams.recruitedByRunningRuns();
        List<Roster.Entry> entries = registry.live(Instant.now()).stream()
                .map(a -> new Roster.Entry(a, held.getOrDefault(a.id(), List.of()))).toList();
        return new Roster(pool().capacity(), inUse(), entries);
    }

    /** The live agents and who holds them. */
    public record Roster(int capacity, int inUse, List<Entry> agents) {
        public record Entry(LiveAgent agent, List<String> recruitedBy) {
        }
    }

    /** The agents of all RUNNING runs. */
    public int inUse() {
        return runs.withStatus(RunStatus.RUNNING).stream().mapToInt(Run::teamSize).sum();
    }

    List<TeamMember> choose(int n, Instant now) {
        List<LiveAgent> live = registry.live(now);
        if (live.isEmpty()) {
            return Preassignment.agents(n).stream().map(id -> new TeamMember(id, false)).toList();
        }
        Map<String, List<String>> held = teams.recruitedByRunningRuns();
        List<TeamMember> team = new ArrayList<>();
        Set<String> chosen = new HashSet<>();
        // Free: idle and held by no running run.
        live.stream().filter(a -> AgentHeartbeat.IDLE.equals(a.state()) && !held.containsKey(a.id()))
                .limit(n).forEach(a -> {
                    team.add(new TeamMember(a.id(), true));
                    chosen.add(a.id());
                });
        int free = team.size();
        if (free < n) {
            // Shared: the least-held live agents, idle ones first.
            live.stream().filter(a -> !chosen.contains(a.id()))
                    .sorted(Comparator.<LiveAgent>comparingInt(a -> held.getOrDefault(a.id(), List.of()).size())
                            .thenComparing(a -> !AgentHeartbeat.IDLE.equals(a.state()))
                            .thenComparing(LiveAgent::id, AgentRegistry.NATURAL))
                    .limit(n - team.size()).forEach(a -> {
                        team.add(new TeamMember(a.id(), true));
                        chosen.add(a.id());
                    });
            LOG.warnf("only %d live agents are free for a team of %d; the team shares agents with running runs",
                    free, n);
        }
        // More agents than live ones: the default ids fill the team (answered by no one unless a process hosts them).
        for (int k = 1; team.size() < n; k++) {
            String id = Preassignment.agentName(k);
            if (chosen.add(id)) {
                team.add(new TeamMember(id, false));
            }
        }
        return team;
    }
}
