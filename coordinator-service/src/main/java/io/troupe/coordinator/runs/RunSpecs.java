package io.troupe.coordinator.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.troupe.coordinator.RunSettings;
import io.troupe.coordinator.architecture.Architecture;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.protocol.ClockKind;
import io.troupe.protocol.Execution;
import io.troupe.protocol.events.AgentSettings;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.protocol.suite.Suite;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Checks a {@link RunRequest} and turns it into a {@link Plan}, with a problem naming what is wrong. */
@ApplicationScoped
public class RunSpecs {
    /** The workspace service's write modes (see docs/api.md, Workspace). */
    public static final List<String> WORKSPACE_MODES = List.of("optimistic", "last-writer-wins");

    private final SuiteCatalog suites;
    private final CoordinatorConfig config;

    public RunSpecs(SuiteCatalog suites, CoordinatorConfig config) {
        this.suites = suites;
        this.config = config;
    }

    /** A checked request. */
    public record Plan(Suite suite, Architecture architecture, int agents, ModelSpec model, String experimentId,
                       RunSettings settings) {
    }

    public Plan check(RunRequest request) {
        if (request == null) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "the request has no body; send JSON like {\"suite\": "
                    + "\"tiny\", "
                    + "\"architecture\": \"preassigned\", \"agents\": 2}");
        }
        if (request.suite() == null || request.suite().isBlank()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'suite' is missing; known suites: " + String.join(", ",
                    suites.ids()));
        }
        Suite suite = suites.get(request.suite());
        String name = request.architecture() == null ? Architecture.PREASSIGNED.wireName() : request.architecture();
        String variant = request.variant();
        int colon = name.indexOf(':');
        if (colon >= 0) {
            variant = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        Architecture architecture = architecture(name);
        variant = variant(architecture, variant);
        int agents = agents(request.agents());
        ModelSpec model = model(request.model());
        if (model.isSimulated() && !suite.hasSolutions()) {
            throw withoutSolutions(suite);
        }
        String mode = request.workspaceMode() == null ? WORKSPACE_MODES.getFirst() : request.workspaceMode();
        if (!WORKSPACE_MODES.contains(mode)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'workspaceMode' must be one of "
                    + String.join(", ", WORKSPACE_MODES)
                    + ", not '" + mode + "'");
        }
        if (request.timeScale() != null && !(request.timeScale() > 0)) {
            throw field("timeScale", "must be greater than 0 and at most " + RunRequest.Bounds.MAX_TIME_SCALE
                    + ", not " + request.timeScale());
        }
        List<Map<String, Object>> overrides = request.overrides() == null ? List.of() : request.overrides();
        for (Map<String, Object> override : overrides) {
            if (!(override.get("agent") instanceof Integer index) || index < 0 || index >= agents) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "every override names its agent by index, 0 to "
                        + (agents - 1)
                        + ", as {\"agent\": 0, ...}; not " + override);
            }
            String problem = AgentSettings.problemOf(override);
            if (problem != null) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "override of agent " + override.get("agent")
                        + ": " + problem);
            }
        }
        Execution execution = execution(request.execution(), architecture);
        RunSettings.Limits limits = limits(request.limits());
        if (execution == Execution.ROUNDS) {
            limits = new RunSettings.Limits(limits.runTimeout(), limits.maxTurns(), limits.maxTokens(),
                    limits.leaseDuration(), limits.maxRounds() == null ? Execution.DEFAULT_MAX_ROUNDS
                    : limits.maxRounds());
        } else if (limits.maxRounds() != null) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "'limits.maxRounds' caps the rounds of a run "
                    + "with \"execution\": \"rounds\"; this run is " + execution.wireName() + ": leave it out, or "
                    + "ask for rounds", Map.of("field", "limits.maxRounds"));
        }
        ClockKind clock = clock(request, architecture, model);
        return new Plan(suite, architecture, agents, model, request.experimentId(), new RunSettings(variant, mode,
                request.profile(), request.seed(), request.timeScale(), overrides, limits, clock, execution));
    }

    /**
     * How the team takes its turns: event-driven unless the request asks for {@code rounds}. Rounds are
     * offered for the paper's two architectures, {@code preassigned} and {@code decentralized}.
     */
    static Execution execution(String wanted, Architecture architecture) {
        if (wanted == null) {
            return Execution.EVENT_DRIVEN;
        }
        Execution execution = Execution.byName(wanted).orElseThrow(() -> new ProblemException(
                ProblemType.INVALID_FIELD, "'execution' must be one of " + String.join(", ", Execution.names())
                + ", not '" + (wanted.length() > 64 ? wanted.substring(0, 64) + "…" : wanted) + "'",
                Map.of("field", "execution", "allowed", Execution.names())));
        if (execution == Execution.ROUNDS && architecture != Architecture.PREASSIGNED
                && architecture != Architecture.DECENTRALIZED) {
            throw new ProblemException(ProblemType.UNSUPPORTED_ARCHITECTURE, "'execution': 'rounds' is supported "
                    + "for the architectures preassigned and decentralized (the paper's), not yet for '"
                    + architecture.wireName() + "'; leave 'execution' out for its event-driven run",
                    Map.of("supported", List.of(Architecture.PREASSIGNED.wireName(),
                            Architecture.DECENTRALIZED.wireName())));
        }
        return execution;
    }

    /**
     * How the run keeps time: a simulated run keeps a clock of its own unless it asks for the wall
     * clock or gives a {@code timeScale} (which is for watching a simulated run in real time); a run of
     * real models, and a {@code lead} run (its lead does not wait on the run's clock yet), keep the
     * wall clock.
     */
    static ClockKind clock(RunRequest request, Architecture architecture, ModelSpec model) {
        boolean simulated = ModelSpec.simulated(0).provider().equals(model.provider());
        if (request.clock() == null) {
            return simulated && request.timeScale() == null && architecture != Architecture.LEAD ? ClockKind.RUN
                    : ClockKind.WALL;
        }
        ClockKind clock = ClockKind.byName(request.clock()).orElseThrow(() -> new ProblemException(
                ProblemType.BAD_REQUEST, "'clock' must be 'run' (simulated runs: model seconds on a clock of the "
                        + "run's own) or 'wall', not '" + request.clock() + "'"));
        if (clock == ClockKind.RUN) {
            String why = !simulated ? "the model " + model.provider() + " is real: its calls take wall time"
                    : request.timeScale() != null ? "'timeScale' scales sleeps on the wall clock; leave it out"
                    : architecture == Architecture.LEAD ? "a lead run's lead does not wait on the run's clock yet"
                    : null;
            if (why != null) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "'clock': 'run' is not possible here: " + why
                        + "; use 'clock': 'wall'");
            }
        }
        return clock;
    }

    private RunSettings.Limits limits(RunRequest.Limits limits) {
        if (limits == null) {
            return new RunSettings.Limits(config.defaultRunTimeout(), null, null, null);
        }
        Duration timeout = duration("limits.runTimeout", limits.runTimeout(), RunRequest.Bounds.MAX_RUN_TIMEOUT);
        Duration lease = duration("limits.leaseDuration", limits.leaseDuration(), RunRequest.Bounds.MAX_LEASE);
        if (limits.maxTurns() != null && limits.maxTurns() < 1) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'limits.maxTurns' must be at least 1, not "
                    + limits.maxTurns());
        }
        if (limits.maxTokens() != null && limits.maxTokens() < 1) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'limits.maxTokens' must be at least 1, not "
                    + limits.maxTokens());
        }
        if (limits.maxRounds() != null && (limits.maxRounds() < 1
                || limits.maxRounds() > RunRequest.Bounds.MAX_ROUNDS)) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "'limits.maxRounds' must be from 1 to "
                    + RunRequest.Bounds.MAX_ROUNDS + ", not " + limits.maxRounds(),
                    Map.of("field", "limits.maxRounds", "min", 1, "max", RunRequest.Bounds.MAX_ROUNDS));
        }
        return new RunSettings.Limits(timeout == null ? config.defaultRunTimeout() : timeout, limits.maxTurns(),
                limits.maxTokens(), lease, limits.maxRounds());
    }

    /**
     * A duration of at least one second and at most {@code max}, in seconds or ISO-8601. The only
     * place durations of a request are checked: an unbounded one ("PT9999999999999H") overflows
     * every deadline computed from it.
     */
    private static Duration duration(String field, JsonNode value, Duration max) {
        if (value == null || value.isNull()) {
            return null;
        }
        Duration duration = null;
        if (value.isNumber()) {
            double seconds = value.asDouble();
            if (Double.isFinite(seconds) && seconds <= max.toSeconds()) {
                duration = Duration.ofMillis(Math.round(seconds * 1000));
            }
        } else if (value.isTextual() && value.asText().length() <= 64) {
            try {
                duration = Duration.parse(value.asText());
            } catch (DateTimeParseException | ArithmeticException e) {
                duration = null;
            }
        }
        if (duration == null || duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(max) > 0) {
            String shown = value.toString().length() > 80 ? value.toString().substring(0, 80) + "…" : value.toString();
            throw new ProblemException(ProblemType.INVALID_FIELD, "'" + field + "' must be a duration "
                    + "from 1 second to " + max.toSeconds() + " seconds (" + max + "), in seconds (600) or ISO-8601 "
                    + "(\"PT10M\"), not " + shown, Map.of("field", field, "min", "PT1S", "max", max.toString()));
        }
        return duration;
    }

    private static Architecture architecture(String wanted) {
        Architecture architecture = Architecture.byName(wanted).orElseThrow(() -> unsupported(
                "unknown architecture '" + wanted + "'; architectures are " + String.join(", ", Architecture.names())
                        + ", of which supported now: " + String.join(", ", Architecture.supportedNames())));
        if (!architecture.isSupported()) {
            throw unsupported("architecture '" + wanted + "' is not supported yet; supported now: "
                    + String.join(", ", Architecture.supportedNames()));
        }
        return architecture;
    }

    private static String variant(Architecture architecture, String variant) {
        if (variant == null || variant.isBlank()) {
            return null;
        }
        if (!architecture.variants().contains(variant)) {
            throw unsupported("architecture '" + architecture.wireName() + "' has no variant '" + variant + "'"
                    + (architecture.variants().isEmpty() ? "; it has none"
                    : "; its variants: " + String.join(", ", architecture.variants())));
        }
        return variant;
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(ProblemType.UNSUPPORTED_ARCHITECTURE, detail,
                Map.of("supported", Architecture.supportedNames()));
    }

    private int agents(Integer agents) {
        if (agents == null || agents < 1 || agents > config.maxAgents()) {
            throw new ProblemException(ProblemType.INVALID_TEAM_SIZE, "'agents' must be between 1 and "
                    + config.maxAgents() + (agents == null ? ", and is missing" : ", not " + agents),
                    Map.of("min", 1, "max", config.maxAgents()));
        }
        return agents;
    }

    private ModelSpec model(JsonNode node) {
        if (node == null || node.isNull()) {
            return ModelSpec.simulated(config.defaultLatencyMillis());
        }
        String simulated = ModelSpec.simulated(0).provider();
        if (node.isTextual()) {
            String text = node.asText();
            int slash = text.indexOf('/');
            if (text.equals(simulated)) {
                return ModelSpec.simulated(config.defaultLatencyMillis());
            }
            if (slash <= 0 || slash == text.length() - 1) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "'model' as a string is \"" + simulated + "\" or "
                        + "\"provider/name\" "
                        + "(e.g. \"anthropic/claude-sonnet-4-6\"), not \"" + text + "\"");
            }
            return checked(new ModelSpec(text.substring(0, slash), text.substring(slash + 1), 0));
        }
        if (!node.isObject()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'model' must be an object {\"provider\", \"name\", "
                    + "\"latencyMillis\"} "
                    + "or a string, not " + node);
        }
        String provider = node.path("provider").asText(null);
        String name = node.path("name").asText(null);
        JsonNode latencyNode = node.path("latencyMillis");
        if (!latencyNode.isMissingNode() && !latencyNode.isNull() && !latencyNode.isIntegralNumber()) {
            throw field("model.latencyMillis", "must be an integer number of milliseconds, not " + latencyNode);
        }
        long latency = latencyNode.asLong(0);
        if (provider == null || provider.isBlank()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'model.provider' is missing; use e.g. "
                    + "{\"provider\": \"simulated\", "
                    + "\"name\": \"simulated-constant\", \"latencyMillis\": 200}, or leave 'model' out");
        }
        if (latency < 0 || latency > RunRequest.Bounds.MAX_LATENCY_MILLIS) {
            throw field("model.latencyMillis", "must be between 0 and " + RunRequest.Bounds.MAX_LATENCY_MILLIS
                    + ", not " + latency);
        }
        if (name == null || name.isBlank()) {
            if (simulated.equals(provider)) {
                return ModelSpec.simulated(latency);
            }
            checked(new ModelSpec(provider, "", latency));
            throw new ProblemException(ProblemType.BAD_REQUEST, "'model.name' is missing for provider '" + provider
                    + "'");
        }
        return checked(new ModelSpec(provider, name, latency));
    }

    /** The model's provider and name fit their columns. */
    private static ModelSpec checked(ModelSpec model) {
        if (model.provider().length() > RunRequest.Bounds.PROVIDER) {
            throw field("model.provider", "must have at most " + RunRequest.Bounds.PROVIDER + " characters, not "
                    + model.provider().length());
        }
        if (model.name().length() > RunRequest.Bounds.MODEL) {
            throw field("model.name", "must have at most " + RunRequest.Bounds.MODEL + " characters, not "
                    + model.name().length());
        }
        return model;
    }

    /** Simulated agents write the suite's reference solutions: a suite without them is for real models only. */
    private static ProblemException withoutSolutions(Suite suite) {
        List<String> missing = suite.missingSolutions();
        return new ProblemException(ProblemType.SUITE_WITHOUT_SOLUTIONS, "suite '" + suite.id() + "' has no "
                + "reference solutions, which simulated agents write (" + missing.size() + " missing: "
                + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                + (missing.size() > 5 ? ", ..." : "") + "); run it with a real model (\"model\": "
                + "\"provider/name\"), or upload it with solutions/<task>/<file>",
                Map.of("suite", suite.id(), "missingSolutions", missing));
    }

    private static ProblemException field(String field, String rule) {
        return new ProblemException(ProblemType.INVALID_FIELD, "'" + field + "' " + rule,
                Map.of("field", field));
    }
}
