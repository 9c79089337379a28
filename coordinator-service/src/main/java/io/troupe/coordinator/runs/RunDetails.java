package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.protocol.suite.Suite;
import java.util.List;

/** A run with its board and its suite (which knows each task's dependencies and files). */
public record RunDetails(Run run, List<BoardTask> tasks, Suite suite) {
}
