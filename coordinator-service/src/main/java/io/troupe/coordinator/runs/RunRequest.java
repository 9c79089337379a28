package io.troupe.coordinator.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a client asks for when it starts a run (the RunSpec); every field may be missing and is
 * checked by {@link RunService#create}. {@code model} is an object {@code {provider, name,
 * latencyMillis}} or a string ({@code "simulated"}, or {@code "provider/name"}); it defaults to the
 * simulated model. {@code architecture} may carry its variant after a colon
 * ({@code "preassigned:cp-first"}). {@code clock} is {@code "run"} or {@code "wall"} (see {@link
 * io.troupe.protocol.ClockKind}).
 */
public record RunRequest(String suite, String architecture, String variant, Integer agents, JsonNode model,
                         String experimentId, String workspaceMode, String profile, Long seed, Double timeScale,
                         List<Map<String, Object>> overrides, Limits limits, String clock) {

    /** A request that leaves the clock to the default (see {@link RunSpecs#clock}). */
    public RunRequest(String suite, String architecture, String variant, Integer agents, JsonNode model,
                      String experimentId, String workspaceMode, String profile, Long seed, Double timeScale,
                      List<Map<String, Object>> overrides, Limits limits) {
        this(suite, architecture, variant, agents, model, experimentId, workspaceMode, profile, seed, timeScale,
                overrides, limits, null);
    }

    /** Durations are ISO-8601 ({@code "PT10M"}) or seconds ({@code 600}). */
    public record Limits(JsonNode runTimeout, Integer maxTurns, Long maxTokens, JsonNode leaseDuration) {
    }

    /** The request a client of the first version sent. */
    public static RunRequest of(String suite, String architecture, Integer agents, JsonNode model,
                                String experimentId) {
        return new RunRequest(suite, architecture, null, agents, model, experimentId, null, null, null, null, null,
                null);
    }
}
