package io.troupe.metrics.traces;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness is DOWN while the span store is full: spans sent now are rejected (the OTLP answer
 * counts them), and an operator should raise the limits or restart the service.
 */
@Readiness
@ApplicationScoped
public class SpanStoreHealth implements HealthCheck {
    private final SpanStore store;

    public SpanStoreHealth(SpanStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        SpanStore.Usage usage = store.usage();
        return HealthCheckResponse.named("span-store").status(!usage.full())
                .withData("spans", usage.spans()).withData("maxSpans", usage.maxSpans())
                .withData("bytes", usage.bytes()).withData("maxBytes", usage.maxBytes()).build();
    }
}
