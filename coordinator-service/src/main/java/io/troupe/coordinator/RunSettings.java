package io.troupe.coordinator;

import io.troupe.protocol.ClockKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a run was asked for beyond suite, team and architecture. {@code variant} refines the
 * architecture ({@code cp-first} for preassigned); {@code workspaceMode} is the workspace's write
 * mode; {@code profile}, {@code seed}, {@code timeScale} and {@code overrides} (per-agent settings,
 * each naming its {@code agent} by index) are for the agents and kept as given; {@code clock} is how
 * the run keeps time.
 */
public record RunSettings(String variant, String workspaceMode, String profile, Long seed, Double timeScale,
                          List<Map<String, Object>> overrides, Limits limits, ClockKind clock) {

    public RunSettings {
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        limits = limits == null ? Limits.NONE : limits;
        // Runs stored before runs had clocks kept the wall clock.
        clock = clock == null ? ClockKind.WALL : clock;
    }

    /** Settings of a run on the wall clock. */
    public RunSettings(String variant, String workspaceMode, String profile, Long seed, Double timeScale,
                       List<Map<String, Object>> overrides, Limits limits) {
        this(variant, workspaceMode, profile, seed, timeScale, overrides, limits, ClockKind.WALL);
    }

    /** Whether the run keeps time on a clock of its own (a simulated run; see {@link ClockKind#RUN}). */
    public boolean onRunClock() {
        return clock == ClockKind.RUN;
    }

    /**
     * The seed every agent of the run draws with, if the run names one and no agent overrides it: what lets
     * its makespan be compared with the same seed's other runs (see {@code RunStarted#seed}).
     */
    public Long commonSeed() {
        return overrides.stream().anyMatch(o -> o.containsKey("seed")) ? null : seed;
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
