package io.troupe.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The agent service's configuration (prefix {@code troupe}). */
@ConfigMapping(prefix = "troupe")
public interface AgentConfig {

    /** The workers this process hosts. */
    Agent agent();

    /** Base URL of the coordinator (reference solutions, task completion). */
    @WithName("coordinator-url")
    @WithDefault("http://localhost:8081")
    String coordinatorUrl();

    /** Base URL of the workspace service (files and test runs). */
    @WithName("workspace-url")
    @WithDefault("http://localhost:8082")
    String workspaceUrl();

    interface Agent {
        /** How many workers (agents) this process hosts: {@code <id-prefix>1} to {@code <id-prefix>W}. */
        @WithDefault("3")
        int workers();

        /** Prefix of the workers' agent ids. */
        @WithName("id-prefix")
        @WithDefault("agent-")
        String idPrefix();

        /** Multiplies every simulated latency; below 1 a sweep runs faster than real models would. */
        @WithName("time-scale")
        @WithDefault("1.0")
        double timeScale();

        /** How many times a file write is re-read and retried after a write conflict (412). */
        @WithName("write-attempts")
        @WithDefault("5")
        int writeAttempts();
    }
}
