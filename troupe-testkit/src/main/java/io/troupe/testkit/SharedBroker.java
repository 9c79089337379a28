package io.troupe.testkit;

import io.troupe.devstack.BrokerProcess;
import io.troupe.protocol.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real Kafka broker per test JVM, started on first use and stopped when the JVM exits
 * (the broker also stops by itself if this JVM dies, because its standard input closes).
 */
public final class SharedBroker {
    /** Enough partitions for the largest team a test runs. */
    public static final int PARTITIONS = 8;

    private static BrokerProcess broker;

    private SharedBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("troupe-test-kafka");
                broker = BrokerProcess.start(dir, 0, Topics.withPartitions(PARTITIONS), PARTITIONS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-broker-stop"));
        }
        return broker.bootstrapServers();
    }
}
