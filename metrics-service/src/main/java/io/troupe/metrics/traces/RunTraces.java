package io.troupe.metrics.traces;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The trace id of each run whose trace this service has learnt of. */
@ApplicationScoped
public class RunTraces {
    private final Map<String, String> byRun = new ConcurrentHashMap<>();

    public void remember(String runId, String traceId) {
        if (runId != null && traceId != null && !traceId.isBlank()) {
            byRun.putIfAbsent(runId, traceId);
        }
    }

    public Optional<String> traceIdOf(String runId) {
        return Optional.ofNullable(byRun.get(runId));
    }
}
