package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.protocol.suite.Suite;
import java.util.List;
import java.util.Map;

/**
 * A run with its board, its suite (which knows each task's dependencies and files) and the counts
 * of its board incidents ({@code claimConflicts}, {@code blockedClaims}, {@code staleLeases},
 * {@code leaseExpiries}).
 */
public record RunDetails(Run run, List<BoardTask> tasks, Suite suite, Map<String, Long> incidents) {
}
