package io.troupe.coordinator.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.troupe.protocol.events.AgentSettings;
import io.troupe.support.json.RejectUnknownProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * What a client asks for when it starts a run (the RunSpec); every field may be missing and is
 * checked by {@link RunService#create}. {@code model} is an object {@code {provider, name,
 * latencyMillis}} or a string ({@code "simulated"}, or {@code "provider/name"}); it defaults to the
 * simulated model. {@code architecture} may carry its variant after a colon
 * ({@code "preassigned:cp-first"}). {@code clock} is {@code "run"} or {@code "wall"} (see {@link
 * io.troupe.protocol.ClockKind}); {@code execution} is {@code "event-driven"} (the default) or
 * {@code "rounds"} (see {@link io.troupe.protocol.Execution}). The bounds are listed in docs/api.md;
 * those that need parsing (the model, durations, overrides) are checked by {@link RunSpecs}.
 */
@RejectUnknownProperties
public record RunRequest(@Size(max = Bounds.ID) String suite, @Size(max = Bounds.NAME) String architecture,
                         @Size(max = Bounds.NAME) String variant, Integer agents, JsonNode model,
                         @Size(max = Bounds.ID) String experimentId, @Size(max = Bounds.NAME) String workspaceMode,
                         @Size(max = Bounds.NAME) String profile, Long seed,
                         @DecimalMax(Bounds.MAX_TIME_SCALE) Double timeScale,
                         @Size(max = Bounds.MAX_AGENTS) List<Map<String, Object>> overrides, @Valid Limits limits,
                         @Size(max = Bounds.NAME) String clock, @Size(max = Bounds.NAME) String execution) {

    /** An event-driven request (or one that leaves the execution to the default). */
    public RunRequest(String suite, String architecture, String variant, Integer agents, JsonNode model,
                      String experimentId, String workspaceMode, String profile, Long seed, Double timeScale,
                      List<Map<String, Object>> overrides, Limits limits, String clock) {
        this(suite, architecture, variant, agents, model, experimentId, workspaceMode, profile, seed, timeScale,
                overrides, limits, clock, null);
    }

    /** A request that leaves the clock to the default (see {@link RunSpecs#clock}). */
    public RunRequest(String suite, String architecture, String variant, Integer agents, JsonNode model,
                      String experimentId, String workspaceMode, String profile, Long seed, Double timeScale,
                      List<Map<String, Object>> overrides, Limits limits) {
        this(suite, architecture, variant, agents, model, experimentId, workspaceMode, profile, seed, timeScale,
                overrides, limits, null);
    }

    /**
     * Durations are ISO-8601 ({@code "PT10M"}) or seconds ({@code 600}); {@code maxRounds} only for
     * {@code "execution": "rounds"}.
     */
    @RejectUnknownProperties
    public record Limits(JsonNode runTimeout, @Min(1) @Max(Bounds.MAX_TURNS) Integer maxTurns,
                         @Min(1) @Max(Bounds.MAX_TOKENS) Long maxTokens, JsonNode leaseDuration,
                         @Min(1) @Max(Bounds.MAX_ROUNDS) Integer maxRounds) {

        /** Limits without a cap on rounds. */
        public Limits(JsonNode runTimeout, Integer maxTurns, Long maxTokens, JsonNode leaseDuration) {
            this(runTimeout, maxTurns, maxTokens, leaseDuration, null);
        }
    }

    /** The request a client of the first version sent. */
    public static RunRequest of(String suite, String architecture, Integer agents, JsonNode model,
                                String experimentId) {
        return new RunRequest(suite, architecture, null, agents, model, experimentId, null, null, null, null, null,
                null);
    }

    /** The largest values a run accepts (docs/api.md, "Bounds"). */
    public static final class Bounds {
        /** Characters of an id: suite, experiment, run, task, agent (their database columns). */
        public static final int ID = 64;
        /** Characters of a name from a closed set (architecture, variant, mode, profile). */
        public static final int NAME = 64;
        /** Characters of a model provider and of a model name (their database columns). */
        public static final int PROVIDER = 64;
        public static final int MODEL = 128;
        /** The simulated model's latency, and the agents' time scale and factors. */
        public static final long MAX_LATENCY_MILLIS = 600_000;
        public static final String MAX_TIME_SCALE = "100"; // AgentSettings.MAX_FACTOR
        public static final int MAX_AGENTS = 64;
        public static final int MAX_TURNS = AgentSettings.MAX_TURNS;
        public static final long MAX_TOKENS = AgentSettings.MAX_TOKENS;
        public static final int MAX_ROUNDS = io.troupe.protocol.Execution.MAX_ROUNDS;
        public static final java.time.Duration MAX_RUN_TIMEOUT = java.time.Duration.ofDays(7);
        public static final java.time.Duration MAX_LEASE = java.time.Duration.ofHours(24);
        /** Characters of a cancel reason (its database column holds more). */
        public static final int REASON = 500;

        private Bounds() {
        }
    }
}
