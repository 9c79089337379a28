package io.troupe.agent.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.troupe.devstack.FreePorts;
import io.troupe.devstack.ServiceProcess;
import io.troupe.testkit.PostgresResource;
import io.troupe.testkit.SharedBroker;
import io.troupe.testkit.TestCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the real workspace and coordinator services (their built Quarkus jars, on the test broker)
 * as child processes, and points the agent service at them. The coordinator keeps its state in a
 * fresh PostgreSQL database of its own (embedded H2 if no PostgreSQL answers, see
 * {@link PostgresResource}), so that {@link #restartCoordinator()} can kill its process and start
 * it again on the same port and the same database.
 */
public class PeersResource implements QuarkusTestResourceLifecycleManager {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** The coordinator's URL once started, for other test resources (the stub LLM reads solutions from it). */
    static volatile String coordinatorUrl;

    private static volatile PeersResource current;

    private ServiceProcess workspace;
    private volatile ServiceProcess coordinator;
    private final PostgresResource database = new PostgresResource();
    private Map<String, String> coordinatorConfig;
    private int coordinatorPort;
    private Path logs;

    @Override
    public Map<String, String> start() {
        String kafka = SharedBroker.bootstrapServers();
        TasksReadyTopic.useOnePartition(kafka);
        Path dir;
        try {
            dir = Files.createTempDirectory("troupe-agent-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        logs = dir.resolve("logs");
        int workspacePort = FreePorts.any();
        String workspaceUrl = "http://localhost:" + workspacePort;
        coordinatorPort = FreePorts.any();
        // Both boot at once: the coordinator only calls the workspace when a run is created, the workspace
        // the coordinator when an agent first writes (to learn the run's team). Both get the test credentials.
        Map<String, String> workspaceConfig = new HashMap<>(TestCredentials.config());
        workspaceConfig.putAll(Map.of("kafka.bootstrap.servers", kafka, "troupe.data-dir",
                dir.resolve("workspace").toString(), "troupe.coordinator-url", "http://localhost:" + coordinatorPort));
        CompletableFuture<ServiceProcess> ws = CompletableFuture.supplyAsync(() -> ServiceProcess.start(
                "workspace-service", workspacePort, workspaceConfig, logs, START_TIMEOUT));
        coordinatorConfig = new HashMap<>(database.start());
        coordinatorConfig.putAll(TestCredentials.config());
        coordinatorConfig.putAll(Map.of("kafka.bootstrap.servers", kafka,
                "troupe.data-dir", dir.resolve("coordinator").toString(), "troupe.workspace-url", workspaceUrl));
        CompletableFuture<ServiceProcess> co = CompletableFuture.supplyAsync(() -> ServiceProcess.start(
                "coordinator-service", coordinatorPort, coordinatorConfig, logs, START_TIMEOUT));
        try {
            workspace = ws.join();
            coordinator = co.join();
        } catch (RuntimeException e) {
            stop();
            ws.thenAccept(ServiceProcess::close);
            co.thenAccept(ServiceProcess::close);
            throw e;
        }
        System.out.println("peers for the agent service: workspace " + workspace.url() + ", coordinator "
                + coordinator.url() + "; logs in " + logs);
        coordinatorUrl = coordinator.url();
        current = this;
        return Map.of("troupe.workspace-url", workspace.url(), "troupe.coordinator-url", coordinator.url());
    }

    /**
     * Kills the coordinator's process (SIGKILL: no shutdown hooks, no last words), waits until it
     * is gone, and starts a new one on the same port and database; returns once it is ready.
     */
    static void restartCoordinator() {
        PeersResource peers = current;
        ProcessHandle process = ProcessHandle.of(peers.coordinator.process().pid()).orElseThrow();
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        peers.coordinator = ServiceProcess.start("coordinator-service", peers.coordinatorPort,
                peers.coordinatorConfig, peers.logs, START_TIMEOUT);
    }

    @Override
    public void stop() {
        current = null;
        if (coordinator != null) {
            coordinator.close();
        }
        if (workspace != null) {
            workspace.close();
        }
        database.stop();
    }
}
