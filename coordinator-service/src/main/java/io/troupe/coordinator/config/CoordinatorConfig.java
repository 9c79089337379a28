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

    /** How long to wait for the broker to acknowledge an event before the request fails. */
    @WithDefault("10s")
    Duration publishTimeout();

    /** The largest suite upload in bytes, both as sent (compressed) and once unpacked. */
    @WithDefault("10485760")
    long suiteMaxBytes();

    /** Directory of the embedded database's files (the local default). */
    @WithDefault(".troupe/data")
    String dataDir();
}
