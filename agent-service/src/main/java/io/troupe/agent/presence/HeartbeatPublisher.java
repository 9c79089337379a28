package io.troupe.agent.presence;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.troupe.agent.lead.LeadRunner;
import io.troupe.agent.worker.AgentPool;
import io.troupe.agent.worker.AgentState;
import io.troupe.agent.worker.AgentView;
import io.troupe.protocol.events.AgentEvent.AgentHeartbeat;
import io.troupe.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Announces every hosted worker to the coordinator: each {@code troupe.agent.heartbeat.interval}
 * one {@link AgentHeartbeat} per worker on {@code troupe.agent-heartbeats}, saying whether it is
 * IDLE or BUSY and for which run. The coordinator recruits teams from the agents it hears from and
 * expires those it stops hearing from.
 */
@ApplicationScoped
public class HeartbeatPublisher {
    public static final String CHANNEL = "agent-heartbeats";
    static final String SOURCE = "agent-service";

    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);

    private final AgentPool pool;
    private final LeadRunner leads;
    private final Emitter<String> emitter;
    private final Duration interval;
    private final boolean enabled;
    private final String host;
    private ScheduledExecutorService timer;

    public HeartbeatPublisher(AgentPool pool, LeadRunner leads, @Channel(CHANNEL) Emitter<String> emitter,
                              @ConfigProperty(name = "troupe.agent.heartbeat.interval", defaultValue = "2s")
                              Duration interval,
                              @ConfigProperty(name = "troupe.agent.heartbeat.enabled", defaultValue = "true")
                              boolean enabled) {
        this.pool = pool;
        this.leads = leads;
        this.emitter = emitter;
        this.interval = interval;
        this.enabled = enabled;
        this.host = hostName() + "/" + ProcessHandle.current().pid();
    }

    void start(@Observes StartupEvent startup) {
        if (!enabled) {
            LOG.info("heartbeats are off (troupe.agent.heartbeat.enabled=false): runs use the default agent ids");
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("heartbeats")
                .unstarted(r));
        timer.scheduleWithFixedDelay(this::beatQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One heartbeat per hosted worker. */
    public void beat() {
        Instant now = Instant.now();
        for (AgentView agent : pool.agents()) {
            // A lead is busy leading its run though it works on no task.
            String runId = agent.runId() != null ? agent.runId() : leads.leading(agent.id()).orElse(null);
            String state = runId == null && agent.state() == AgentState.IDLE && agent.queued() == 0
                    ? AgentHeartbeat.IDLE : AgentHeartbeat.BUSY;
            // Not waited for: a heartbeat lost to a broker hiccup is replaced by the next one.
            CloudEvents.send(emitter, SOURCE, new AgentHeartbeat(runId, agent.id(), state, host, now));
        }
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warnf("heartbeat failed: %s; next one in %s", e.getMessage(), interval);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
