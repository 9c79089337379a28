package io.troupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackTracingTest {
    private static final String METRICS = "http://localhost:8084";

    @Test
    void tracingStaysOffByDefault() {
        assertThat(LocalStack.tracing("agent-service", METRICS, Map.of())).isEmpty();
        assertThat(LocalStack.tracing("metrics-service", METRICS, Map.of())).isEmpty();
    }

    @Test
    void troupeTracesSendsTheServicesTracesToTheMetricsService() {
        Map<String, String> env = Map.of("TROUPE_TRACES", "1");

        assertThat(LocalStack.tracing("coordinator-service", METRICS, env)).containsEntry("quarkus.otel.sdk.disabled",
                "false").containsEntry("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf")
                .containsEntry("quarkus.otel.exporter.otlp.traces.endpoint", METRICS);
        // The receiver does not trace itself: each export would be traced and exported again.
        assertThat(LocalStack.tracing("metrics-service", METRICS, env)).isEmpty();
    }

    @Test
    void otlpEndpointSendsEveryServicesTracesThereAndTheJaegerUrlToTheMetricsService() {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318",
                "TROUPE_JAEGER_URL", "http://localhost:16686");

        assertThat(LocalStack.tracing("workspace-service", METRICS, env))
                .containsEntry("quarkus.otel.exporter.otlp.traces.endpoint", "http://localhost:4318")
                .doesNotContainKey("troupe.metrics.jaeger-url");
        assertThat(LocalStack.tracing("metrics-service", METRICS, env))
                .containsEntry("quarkus.otel.sdk.disabled", "false")
                .containsEntry("quarkus.otel.exporter.otlp.traces.endpoint", "http://localhost:4318")
                .containsEntry("troupe.metrics.jaeger-url", "http://localhost:16686");
    }
}
