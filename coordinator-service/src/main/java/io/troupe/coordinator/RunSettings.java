package io.troupe.coordinator;

import io.troupe.protocol.ClockKind;
import io.troupe.protocol.Execution;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a run was asked for beyond suite, team and architecture. {@code variant} refines the
 * architecture ({@code cp-first} for preassigned); {@code workspaceMode} is the workspace's write
 * mode; {@code profile}, {@code seed}, {@code timeScale} and {@code overrides} (per-agent settings,
 * each naming its {@code agent} by index) are for the agents and kept as given; {@code clock} is how
 * the run keeps time; {@code execution} how its team takes turns.
 */
public record RunSettings(String variant, String workspaceMode, String profile, Long seed, Double timeScale,
                          List<Map<String, Object>> overrides, Limits limits, ClockKind clock, Execution execution) {

    public RunSettings {
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        limits = limits == null ? Limits.NONE : limits;
        // Runs stored before runs had clocks kept the wall clock; before executions, they were event-driven.
        clock = clock == null ? ClockKind.WALL : clock;
        execution = execution == null ? Execution.EVENT_DRIVEN : execution;
    }

    /** Settings of an event-driven run on {@code clock}. */
    public RunSettings(String variant, String workspaceMode, String profile, Long seed, Double timeScale,
                       List<Map<String, Object>> overrides, Limits limits, ClockKind clock) {
        this(variant, workspaceMode, profile, seed, timeScale, overrides, limits, clock, Execution.EVENT_DRIVEN);
    }

    /** Whether every member takes one turn per round (see {@link Execution#ROUNDS}). */
    public boolean inRounds() {
        return execution == Execution.ROUNDS;
    }

    /**
     * Whether the coordinator keeps a {@code RunClock} for the run: a run on its own clock, and a run in
     * rounds (whose barrier the clock keeps; on the wall clock it never jumps).
     */
    public boolean hasClock() {
        return onRunClock() || inRounds();
    }

    /** Settings of a run on the wall clock. */
    public RunSettings(String variant, String workspaceMode, String profile, Long seed, Double timeScale,
                       List<Map<String, Object>> overrides, Limits limits) {
        this(variant, workspaceMode, profile, seed, timeScale, overrides, limits, ClockKind.WALL,
                Execution.EVENT_DRIVEN);
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
     * in the run; the configured defaults when null), {@code maxRounds} (a run in rounds fails after
     * that many; null for event-driven runs).
     */
    public record Limits(Duration runTimeout, Integer maxTurns, Long maxTokens, Duration leaseDuration,
                         Integer maxRounds) {
        public static final Limits NONE = new Limits(null, null, null, null, null);

        /** Limits of an event-driven run. */
        public Limits(Duration runTimeout, Integer maxTurns, Long maxTokens, Duration leaseDuration) {
            this(runTimeout, maxTurns, maxTokens, leaseDuration, null);
        }
    }
}
