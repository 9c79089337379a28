package io.troupe.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test application at the test JVM's real Kafka broker. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker outlives one application: other test classes in this JVM reuse it.
    }
}
