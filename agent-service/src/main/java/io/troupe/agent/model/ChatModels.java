package io.troupe.agent.model;

import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.Retries;
import io.troupe.agent.clock.AgentClock;
import io.troupe.agent.config.AgentConfig;
import io.troupe.protocol.events.AgentSettings;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.ModelSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/** The chat models this service offers: the simulated one and the real providers. */
@ApplicationScoped
public class ChatModels implements ChatModelFactory {
    private static final Logger LOG = Logger.getLogger(ChatModels.class);
    private static final Duration SOLUTION_PATIENCE = Duration.ofSeconds(60);
    private static final Duration SOLUTION_PAUSE = Duration.ofMillis(250);
    private final SimulationSettings simulation;
    private final LatencyProfiles profiles;
    private final CoordinatorClient coordinator;
    private final TokenCounter tokens;
    private final ProviderModels providers;
    private final AgentClock clock;

    @Inject
    public ChatModels(AgentConfig config, CoordinatorClient coordinator, TokenCounter tokens, AgentClock clock) {
        this(settings(config), LatencyProfiles.load(), coordinator, tokens,
                new ProviderModels(config, ApiKeys.fromSystemEnvironment()), clock);
    }

    /** Models for runs on the wall clock only. */
    public ChatModels(SimulationSettings simulation, LatencyProfiles profiles, CoordinatorClient coordinator,
                      TokenCounter tokens, ProviderModels providers) {
        this(simulation, profiles, coordinator, tokens, providers, null);
    }

    public ChatModels(SimulationSettings simulation, LatencyProfiles profiles, CoordinatorClient coordinator,
                      TokenCounter tokens, ProviderModels providers, AgentClock clock) {
        this.simulation = simulation;
        this.profiles = profiles;
        this.coordinator = coordinator;
        this.tokens = tokens;
        this.providers = providers;
        this.clock = clock;
    }

    static SimulationSettings settings(AgentConfig config) {
        AgentConfig.Simulation s = config.agent().simulation();
        return new SimulationSettings(config.agent().timeScale(), s.seed(), s.wrongCodeProbability(),
                s.stallProbability(), s.stallFactor(), s.crashProbability(), s.slowdown(),
                s.prematureClaimProbability(), false);
    }

    /** The simulation settings of {@code agentId} in a run with {@code run} settings. */
    public SimulationSettings simulation(String agentId, AgentSettings run) {
        return simulation.forAgent(agentId, run);
    }

    /**
     * The task's reference solution, asked for again while the coordinator is away (restarting), as a
     * completion is: giving the task up would leave it to wait out its lease.
     */
    private Map<String, String> solution(Assignment assignment, String agentId) {
        return Retries.whileAway(SOLUTION_PATIENCE, SOLUTION_PAUSE, () -> coordinator.solution(assignment.runId(),
                assignment.suiteId(), assignment.task().id(), agentId), e -> LOG.warnf("the coordinator is away "
                + "(%s); asking for the solution again (runId=%s taskId=%s agentId=%s)", e.getMessage(),
                assignment.runId(), assignment.task().id(), agentId));
    }

    /** How a simulated turn waits out its latency: a timer on the run's clock, or a sleep on the wall's. */
    private SimulatedChatModel.Sleeper sleeper(String agentId, Assignment assignment, AgentSettings run) {
        if (!run.onRunClock()) {
            return SimulatedChatModel.Sleeper.REAL;
        }
        if (clock == null) {
            throw new UnsupportedModelException("run " + assignment.runId() + " keeps a run clock, which this "
                    + "agent service cannot wait on");
        }
        return latency -> clock.turn(assignment.runId(), agentId, assignment.task().id(), latency);
    }

    /**
     * The model of an idle turn of {@code agentId} in the run in rounds {@code runId} (see {@link
     * io.troupe.protocol.Execution#ROUNDS}): the run's model, asked without tools. The simulated one
     * answers with {@link SimulatedIdleModel}, waiting on the run's clock (which may decline the turn:
     * {@link TurnDeclinedException}); a real model is called as it is, after the round's barrier.
     */
    @Override
    public AgentModel forIdleTurn(String agentId, String runId, ModelSpec model, AgentSettings run) {
        ModelSpec spec = model == null ? ModelSpec.simulated(0) : model;
        if (SimulatedChatModel.PROVIDER.equals(spec.provider())) {
            String name = run.profile() != null && !run.profile().isBlank() ? run.profile()
                    : spec.name() == null || spec.name().isBlank() ? LatencyProfiles.CONSTANT : spec.name();
            SimulatedChatModel.Sleeper sleeper;
            if (!run.onRunClock()) {
                sleeper = SimulatedChatModel.Sleeper.REAL;
            } else if (clock == null) {
                throw new UnsupportedModelException("run " + runId + " keeps a run clock, which this agent service "
                        + "cannot wait on");
            } else {
                sleeper = latency -> {
                    if (clock.turn(runId, agentId, null, latency).declined()) {
                        throw new TurnDeclinedException(runId, agentId);
                    }
                };
            }
            return new AgentModel(name, new SimulatedIdleModel(name, runId, agentId,
                    profiles.forName(name, spec.latencyMillis()), simulation.forAgent(agentId, run), tokens, sleeper));
        }
        if (providers == null || !providers.offers(spec.provider())) {
            throw new UnsupportedModelException("model provider '" + spec.provider() + "' is not available in this "
                    + "agent service; use 'simulated' or one of " + ProviderModels.PROVIDERS);
        }
        return new AgentModel(spec.name(), providers.model(spec));
    }

    @Override
    public AgentModel forAssignment(String agentId, Assignment assignment) {
        ModelSpec spec = assignment.model() == null ? ModelSpec.simulated(0) : assignment.model();
        if (SimulatedChatModel.PROVIDER.equals(spec.provider())) {
            AgentSettings run = assignment.settingsOrNone();
            // The run's profile, if it names one, replaces the model's name (a simulated model is its profile).
            String name = run.profile() != null && !run.profile().isBlank() ? run.profile()
                    : spec.name() == null || spec.name().isBlank() ? LatencyProfiles.CONSTANT : spec.name();
            LatencyProfile profile = profiles.forName(name, spec.latencyMillis());
            return new AgentModel(name, new SimulatedChatModel(name, assignment.runId(), agentId, assignment.task(),
                    profile, simulation.forAgent(agentId, run),
                    () -> solution(assignment, agentId), tokens,
                    sleeper(agentId, assignment, run)));
        }
        if (providers == null || !providers.offers(spec.provider())) {
            throw new UnsupportedModelException("model provider '" + spec.provider() + "' is not available in this "
                    + "agent service; use 'simulated' or one of " + ProviderModels.PROVIDERS);
        }
        return new AgentModel(spec.name(), providers.model(spec));
    }
}
