package io.troupe.coordinator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The coordinator's configuration, under {@code troupe.*}. */
@ConfigMapping(prefix = "troupe")
public interface CoordinatorConfig {

    /** Base URL of the workspace service, where each run's workspace is created. */
    @WithDefault("http://localhost:8082")
    String workspaceUrl();

    /** The largest team a run may ask for. */
    @WithDefault("16")
    int maxAgents();

    /** Turn latency of the simulated model a run gets when it names none, in milliseconds. */
    @WithDefault("200")
    long defaultLatencyMillis();

    /**
     * How long the outbox relay waits for the broker to acknowledge a batch of events before it sends
     * the batch again (no request waits for the broker).
     */
    @WithDefault("10s")
    Duration publishTimeout();

    /** The largest suite upload in bytes, both as sent (compressed) and once unpacked. */
    @WithDefault("10485760")
    long suiteMaxBytes();

    /** Directory of the embedded PostgreSQL when no server is configured (read by CoordinatorMain). */
    @WithDefault(".troupe/data")
    String dataDir();

    /** How long a run may take when its request sets no {@code limits.runTimeout}. */
    @WithDefault("1h")
    Duration defaultRunTimeout();

    /** The task board. */
    Board board();

    /** Experiments (sweeps of runs). */
    Experiments experiments();

    /** The agents that announce themselves, under {@code troupe.agents.*}. */
    Agents agents();

    /** Agent recruiting, under {@code troupe.agents.*}. */
    interface Agents {
        /** An agent not heard from for this long is expired: no run recruits it any more. */
        @WithDefault("10s")
        Duration heartbeatTimeout();
    }

    /** The task board's leases and retries, under {@code troupe.board.*}. */
    interface Board {
        /** How long a claim made by an agent holds, and how far each renewal extends it. */
        @WithDefault("30s")
        Duration leaseDuration();

        /**
         * How long the claim the coordinator makes for a preassigned agent holds until that agent
         * renews it: long, because the agent learns of its task only from its inbox.
         */
        @WithDefault("10m")
        Duration assignmentLeaseDuration();

        /** A task whose lease ran out this many times is FAILED, and so is its run. */
        @WithDefault("3")
        int maxAttempts();

        /**
         * A READY task of a queue run that no agent took for this long is offered again on
         * {@code troupe.tasks-ready} (its offer may have been lost to a broker outage or a crash).
         */
        @WithDefault("30s")
        Duration requeueAfter();

        /** How often expired leases and timed-out runs are looked for. */
        @WithDefault("1s")
        Duration sweepInterval();
    }

    /** Experiments, under {@code troupe.experiments.*}. */
    interface Experiments {
        /** How many runs of one experiment execute at the same time. */
        @WithDefault("1")
        int maxConcurrentRuns();

        /** How often running experiments are checked for finished runs and the next ones started. */
        @WithDefault("1s")
        Duration pollInterval();
    }
}
