package io.troupe.coordinator.support;

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
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the real workspace service (its built jar) as a child JVM on the test broker, with its own
 * embedded database in a temp directory, and points the coordinator at it.
 */
public class WorkspaceServiceResource implements QuarkusTestResourceLifecycleManager {
    private ServiceProcess workspace;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("coordinator-it-workspace");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new java.util.HashMap<>(TestCredentials.config());
        config.put("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
        config.put("troupe.data-dir", dir.resolve("data").toString());
        workspace = ServiceProcess.start("workspace-service", FreePorts.any(), config, dir.resolve("logs"),
                Duration.ofSeconds(90));
        return Map.of("troupe.workspace-url", workspace.url());
    }

    @Override
    public void stop() {
        if (workspace != null) {
            workspace.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("WARNING: could not delete " + dir + ": " + e.getMessage());
            }
        }
    }
}
