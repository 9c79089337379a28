package io.troupe.agent.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.troupe.devstack.FreePorts;
import io.troupe.devstack.ServiceProcess;
import io.troupe.testkit.SharedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the real workspace and coordinator services (their built Quarkus jars, on embedded H2
 * and the test broker) as child processes, and points the agent service at them.
 */
public class PeersResource implements QuarkusTestResourceLifecycleManager {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** The coordinator's URL once started, for other test resources (the stub LLM reads solutions from it). */
    static volatile String coordinatorUrl;

    private ServiceProcess workspace;
    private ServiceProcess coordinator;

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
        Path logs = dir.resolve("logs");
        int workspacePort = FreePorts.any();
        String workspaceUrl = "http://localhost:" + workspacePort;
        // Both boot at once: the coordinator only calls the workspace when a run is created.
        CompletableFuture<ServiceProcess> ws = CompletableFuture.supplyAsync(() -> ServiceProcess.start(
                "workspace-service", workspacePort,
                Map.of("kafka.bootstrap.servers", kafka, "troupe.data-dir", dir.resolve("workspace").toString()),
                logs, START_TIMEOUT));
        CompletableFuture<ServiceProcess> co = CompletableFuture.supplyAsync(() -> ServiceProcess.start(
                "coordinator-service", FreePorts.any(),
                Map.of("kafka.bootstrap.servers", kafka, "troupe.data-dir", dir.resolve("coordinator").toString(),
                        "troupe.workspace-url", workspaceUrl),
                logs, START_TIMEOUT));
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
        return Map.of("troupe.workspace-url", workspace.url(), "troupe.coordinator-url", coordinator.url());
    }

    @Override
    public void stop() {
        if (coordinator != null) {
            coordinator.close();
        }
        if (workspace != null) {
            workspace.close();
        }
    }
}
