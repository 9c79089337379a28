package io.troupe.agent.lead;

import dev.langchain4j.model.chat.ChatModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.config.AgentConfig;
import io.troupe.agent.events.AgentEvents;
import io.troupe.agent.model.ApiKeys;
import io.troupe.agent.model.LatencyProfiles;
import io.troupe.agent.model.ProviderModels;
import io.troupe.agent.model.TokenCounter;
import io.troupe.agent.runs.RunCatalog;
import io.troupe.agent.runs.RunDirectory;
import io.troupe.agent.worker.AgentPool;
import io.troupe.agent.worker.Worker;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.events.RunEvent.RunStarted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The agents' side of {@code lead} runs: a thread per worker that, while the worker is idle and a
 * running lead run names it as its lead, reserves the worker and runs the {@link LeadLoop} until the
 * run is over. The lead uses the run's model: the simulated one acts as a lead too ({@link SimulatedLead}).
 * The team members get their tasks through their inboxes, like preassigned agents.
 */
@ApplicationScoped
public class LeadRunner {
    private static final Logger LOG = Logger.getLogger(LeadRunner.class);

    private final AgentConfig config;
    private final AgentPool pool;
    private final RunDirectory directory;
    private final RunCatalog runs;
    private final TokenCounter tokens;
    private final LeadLoop loop;
    private final Duration pollInterval;
    private final List<Thread> threads = new ArrayList<>();
    /** Worker id to the run it leads now. */
    private final Map<String, String> leading = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public LeadRunner(AgentConfig config, AgentPool pool, RunDirectory directory, RunCatalog runs,
                      CoordinatorClient coordinator, AgentEvents events, TokenCounter tokens) {
        this.config = config;
        this.pool = pool;
        this.directory = directory;
        this.runs = runs;
        this.tokens = tokens;
        this.pollInterval = config.agent().board().pollInterval();
        this.loop = new LeadLoop(coordinator, events, pollInterval);
    }

    void start(@Observes StartupEvent startup) {
        for (Worker worker : pool.workers()) {
            Thread thread = Thread.ofPlatform().daemon().name(worker.id() + "-lead").unstarted(() -> run(worker));
            threads.add(thread);
            thread.start();
        }
    }

    private void run(Worker worker) {
        while (running) {
            Optional<RunStarted> led = directory.running(RunDirectory.LEAD).stream()
                    .filter(r -> worker.id().equals(r.lead())).findFirst();
            if (led.isPresent() && worker.tryReserve()) {
                boolean failed = false;
                try {
                    RunStarted run = led.get();
                    leading.put(worker.id(), run.runId());
                    ModelSpec spec = runs.run(run.runId()).model();
                    loop.lead(run, worker.id(), model(spec), spec == null ? "simulated" : spec.name(),
                            () -> running);
                    directory.forget(run.runId());
                } catch (RuntimeException e) {
                    // The coordinator may be away: try again after a pause, not at once (a busy loop of errors).
                    LOG.errorf(e, "leading failed (runId=%s agentId=%s)", led.get().runId(), worker.id());
                    failed = true;
                } finally {
                    leading.remove(worker.id());
                    worker.unreserve();
                }
                if (!failed) {
                    continue;
                }
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The run {@code agentId} leads now, if it leads one. */
    public Optional<String> leading(String agentId) {
        return Optional.ofNullable(leading.get(agentId));
    }

    /** The lead's chat model for the run's {@code spec}. */
    private ChatModel model(ModelSpec spec) {
        if (spec == null || "simulated".equals(spec.provider())) {
            String name = spec == null || spec.name() == null ? LatencyProfiles.CONSTANT : spec.name();
            long millis = spec == null ? 0 : spec.latencyMillis();
            return new SimulatedLead(name, Duration.ofMillis(Math.round(millis * config.agent().timeScale())),
                    tokens);
        }
        return new ProviderModels(config, ApiKeys.fromSystemEnvironment()).model(spec);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
