package io.troupe.support.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The security settings of the Kafka clients a service builds itself (admin clients, share
 * consumers), the same {@code kafka.*} properties its Quarkus channels get: on Kubernetes
 * SASL/SCRAM over TLS ({@code KAFKA_SECURITY_PROTOCOL=SASL_SSL}, ...), locally none.
 */
public final class KafkaClientSecurity {
    private static final List<String> KEYS = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
            "ssl.truststore.type", "ssl.truststore.location", "ssl.truststore.certificates",
            "ssl.endpoint.identification.algorithm");

    private KafkaClientSecurity() {
    }

    /** Client properties (without the {@code kafka.} prefix) for those of the settings that are set. */
    public static Map<String, Object> properties() {
        Map<String, Object> props = new LinkedHashMap<>();
        var config = ConfigProvider.getConfig();
        for (String key : KEYS) {
            config.getOptionalValue("kafka." + key, String.class).filter(v -> !v.isBlank())
                    .ifPresent(v -> props.put(key, v));
        }
        return props;
    }
}
