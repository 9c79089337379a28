package io.troupe.metrics.events;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Quarkus's OpenTelemetry exports the spans of test applications that turn it on
 * ({@code quarkus.otel.sdk.disabled=false}) to this exporter as well, where tests read them.
 */
public class InMemorySpans {
    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
