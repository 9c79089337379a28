package io.troupe.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A single-node Kafka broker in KRaft mode, run as a child JVM from the {@code troupe-broker}
 * module's build output ({@code target/troupe-broker.jar} and {@code target/lib}).
 */
public final class BrokerProcess implements AutoCloseable {
    private static final String READY = "TROUPE-BROKER-READY";

    private final ChildProcess child;
    private final String bootstrapServers;

    private BrokerProcess(ChildProcess child, String bootstrapServers) {
        this.child = child;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker on {@code port} (0 for any free port) with its data and log in
     * {@code dir}, creates {@code topics} with {@code partitions} partitions each and returns
     * once it accepts clients.
     */
    public static BrokerProcess start(Path dir, int port, List<String> topics, int partitions) {
        Path home = TroupeHome.locate();
        Path jar = home.resolve("troupe-broker/target/troupe-broker.jar");
        Path lib = home.resolve("troupe-broker/target/lib");
        if (!Files.exists(jar) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("the Kafka broker is not built: " + jar + " is missing; run "
                    + "./mvnw -q -pl troupe-broker -am package -DskipTests");
        }
        int brokerPort = port == 0 ? FreePorts.any() : port;
        int controllerPort = FreePorts.any();
        List<String> command = new ArrayList<>(List.of(TroupeHome.javaBinary(), "-Xmx160m", "-Xss512k",
                "-XX:+UseSerialGC", "-cp", jar + java.io.File.pathSeparator + lib + "/*",
                "io.troupe.broker.KafkaBrokerMain",
                "--port", String.valueOf(brokerPort), "--controller-port", String.valueOf(controllerPort),
                "--dir", dir.resolve("kafka").toAbsolutePath().toString(),
                "--partitions", String.valueOf(partitions)));
        if (!topics.isEmpty()) {
            command.addAll(List.of("--topics", String.join(",", topics)));
        }
        ChildProcess child = ChildProcess.start("kafka", command, Map.of(), dir.resolve("kafka.log"));
        try {
            child.awaitReady(() -> child.findLine(READY).isPresent(), Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
        return new BrokerProcess(child, "localhost:" + brokerPort);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public ChildProcess process() {
        return child;
    }

    @Override
    public void close() {
        child.close();
    }
}
