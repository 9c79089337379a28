package io.troupe.coordinator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a run was asked for beyond suite, team and architecture. {@code variant} refines the
 * architecture ({@code cp-first} for preassigned); {@code workspaceMode} is the workspace's write
 * mode; {@code profile}, {@code seed}, {@code timeScale} and {@code overrides} (per-agent settings,
 * each naming its {@code agent} by index) are for the agents and kept as given.
 */
public record RunSettings(String variant, String workspaceMode, String profile, Long seed, Double timeScale,
                          List<Map<String, Object>> overrides, Limits limits) {

    public RunSettings {
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        limits = limits == null ? Limits.NONE : limits;
    }

    /**
     * The run's limits: {@code runTimeout} (the run is TIMED_OUT after it), {@code maxTurns} and
     * {@code maxTokens} (per agent, enforced by the agents), {@code leaseDuration} (of every claim
     * in the run; the configured defaults when null).
     */
    public record Limits(Duration runTimeout, Integer maxTurns, Long maxTokens, Duration leaseDuration) {
        public static final Limits NONE = new Limits(null, null, null, null);
    }
}
