package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import io.troupe.protocol.suite.TaskSpec;

/** A task on the board with its definition from the suite. */
public record TaskDetails(BoardTask task, TaskSpec spec) {
}
