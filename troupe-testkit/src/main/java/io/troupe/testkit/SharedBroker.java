package io.troupe.testkit;

import io.troupe.devstack.BrokerProcess;
import io.troupe.protocol.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One real Kafka broker per test JVM, started on first use and stopped when the JVM exits
 * (the broker also stops by itself if this JVM dies, because its standard input closes).
 */
public final class SharedBroker {
    /** Enough partitions for the largest team a test runs. */
    public static final int PARTITIONS = 8;

    private static BrokerProcess broker;
    private static Path dir;
    private static int port;

    private SharedBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                dir = Files.createTempDirectory("troupe-test-kafka");
                broker = BrokerProcess.start(dir, 0, Topics.withPartitions(PARTITIONS), PARTITIONS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            port = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':')
                    + 1));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(), "test-broker-stop"));
        }
        return broker.bootstrapServers();
    }

    private static synchronized void stop() {
        broker.close();
    }

    /**
     * A broker outage: kills the broker (SIGKILL: no shutdown, no last flush), keeps it down for
     * {@code down}, then starts it again on the same port and data, and returns once it accepts clients.
     * Its clients see the same address go away and come back, as after a broker pod's crash.
     */
    public static synchronized void outage(Duration down) {
        bootstrapServers();
        ProcessHandle process = ProcessHandle.of(broker.process().pid()).orElseThrow();
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        // The outage itself is the fault being tested: a fixed time without a broker, not a wait for a condition.
        try {
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the broker outage", e);
        }
        broker = BrokerProcess.start(dir, port, Topics.withPartitions(PARTITIONS), PARTITIONS);
    }
}
