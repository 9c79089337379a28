package io.troupe.workspace.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkspaceMetersTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void testRunsAreCountedByOutcome() {
        // Given
        var registry = new SimpleMeterRegistry();
        var meters = new WorkspaceMeters(registry);

        // When a passing, a failing, an erroring and a timed-out run complete
        meters.recorded(new TestRunCompleted("r", "agent-1", "t1", 3, 0, 0, 0, false, 10, T0));
        meters.recorded(new TestRunCompleted("r", "agent-1", "t2", 2, 1, 0, 1, false, 10, T0));
        meters.recorded(new TestRunCompleted("r", "agent-1", "t3", 0, 0, 1, 2, false, 10, T0));
        meters.recorded(new TestRunCompleted("r", "agent-1", "t4", 0, 0, 0, -1, true, 10, T0));

        // Then
        assertThat(registry.get("troupe.test.runs").tag("outcome", "passed").counter().count()).isEqualTo(1);
        assertThat(registry.get("troupe.test.runs").tag("outcome", "failed").counter().count()).isEqualTo(2);
        assertThat(registry.get("troupe.test.runs").tag("outcome", "timed-out").counter().count()).isEqualTo(1);
    }
}
