package io.troupe.agent.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.troupe.devstack.FreePorts;
import io.troupe.devstack.ServiceProcess;
import io.troupe.testkit.SharedBroker;
import io.troupe.testkit.TestCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Runs the real workspace and coordinator services (their built Quarkus jars, on the test broker)
 * as child processes, and points the agent service at them. Both keep their state in the local
 * default store, an embedded PostgreSQL of their own in a fresh data directory that dies with
 * the service, so that {@link #restartCoordinator()} kills the coordinator with its database and
 * starts both again on the same port and the same data.
 */
public class PeersResource implements QuarkusTestResourceLifecycleManager {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** The coordinator's URL once started, for other test resources (the stub LLM reads solutions from it). */
    static volatile String coordinatorUrl;

    private static volatile PeersResource current;

    private ServiceProcess workspace;
    private volatile ServiceProcess coordinator;
    private Map<String, String> coordinatorConfig;
    private int coordinatorPort;
    private Path dir;
    private Path logs;
    private Path coordinatorData;

    @Override
    public Map<String, String> start() {
        String kafka = SharedBroker.bootstrapServers();
        TasksReadyTopic.useOnePartition(kafka);
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
        coordinatorConfig = new HashMap<>(TestCredentials.config());
        coordinatorConfig.putAll(Map.of("kafka.bootstrap.servers", kafka,
                "troupe.data-dir", dir.resolve("coordinator").toString(), "troupe.workspace-url", workspaceUrl));
        coordinatorData = dir.resolve("coordinator");
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

    /** The pid of the coordinator's embedded PostgreSQL server, from its lock file. */
    static long coordinatorDatabasePid() {
        try {
            Path lock = current.coordinatorData.resolve("coordinator-service/postmaster.pid");
            return Long.parseLong(Files.readAllLines(lock).getFirst().strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid of the coordinator's process. */
    static long coordinatorPid() {
        return current.coordinator.process().pid();
    }

    /**
     * Kills the coordinator's process (SIGKILL: no shutdown hooks, no last words), waits until it
     * is gone, and starts a new one on the same port and data; returns once it is ready.
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
        // The two embedded databases take ~40 MB each (their services, and so their servers, are stopped);
        // the logs stay.
        if (dir != null) {
            for (Path data : List.of(dir.resolve("coordinator"), dir.resolve("workspace"))) {
                if (Files.exists(data)) {
                    try (Stream<Path> files = Files.walk(data)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    } catch (IOException e) {
                        System.err.println("WARNING: could not delete " + data + ": " + e.getMessage());
                    }
                }
            }
        }
    }
}
