package io.troupe.workspace.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.troupe.protocol.events.WorkspaceEvent;
import io.troupe.protocol.events.WorkspaceEvent.ConcurrentWrite;
import io.troupe.protocol.events.WorkspaceEvent.FileDeleted;
import io.troupe.protocol.events.WorkspaceEvent.FileOverwritten;
import io.troupe.protocol.events.WorkspaceEvent.FileWritten;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import io.troupe.protocol.events.WorkspaceEvent.WriteConflict;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The workspace's Prometheus meters at {@code /q/metrics}: {@code troupe_write_conflicts_total}
 * (conditional writes refused with 412), {@code troupe_overwrites_total} (last-writer-wins lost
 * updates) and {@code troupe_test_runs_total{outcome}} ({@code passed}, {@code failed} or
 * {@code timed-out}), counted as the events that record them are published.
 */
@ApplicationScoped
public class WorkspaceMeters {
    private final MeterRegistry registry;

    public WorkspaceMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(WorkspaceEvent event) {
        switch (event) {
            case WriteConflict ignored -> Counter.builder("troupe.write.conflicts")
                    .description("Conditional writes refused because their base was not the head")
                    .register(registry).increment();
            case FileOverwritten ignored -> Counter.builder("troupe.overwrites")
                    .description("Last-writer-wins writes that replaced another agent's unread version")
                    .register(registry).increment();
            case TestRunCompleted t -> Counter.builder("troupe.test.runs").description("Test runs, by outcome")
                    .tag("outcome", outcome(t)).register(registry).increment();
            case FileWritten ignored -> {
                // Writes are counted by the HTTP server metrics (http_server_requests_seconds).
            }
            case FileDeleted ignored -> {
                // Likewise.
            }
            case ConcurrentWrite ignored -> {
                // Counted per run by the metrics service.
            }
        }
    }

    static String outcome(TestRunCompleted t) {
        if (t.timedOut()) {
            return "timed-out";
        }
        return t.failed() + t.errors() > 0 || t.exitCode() != 0 ? "failed" : "passed";
    }
}
