package io.troupe.coordinator.api;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.runs.RunDetails;
import io.troupe.coordinator.runs.TaskDetails;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.suite.TaskSpec;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of {@code /api/runs}. */
public final class RunViews {
    private RunViews() {
    }

    /**
     * A task of a run: its board state, owner ({@code agent}) and version; {@code assignee} is the
     * agent the architecture planned for it, if any.
     */
    public record TaskView(String id, String state, String agent, String assignee, long version,
                           List<String> dependencies, List<String> files) {
        static TaskView of(BoardTask task, TaskSpec spec) {
            return new TaskView(task.taskId(), task.state().code(), task.agent(), task.assignee(), task.version(),
                    spec.dependencies(), spec.files());
        }

        static TaskView of(TaskDetails details) {
            return of(details.task(), details.spec());
        }
    }

    public record RunView(String id, String experimentId, String suite, String architecture, int agents,
                          ModelSpec model, String status, Instant createdAt, Instant finishedAt,
                          List<TaskView> tasks) {
        static RunView of(RunDetails details) {
            Run run = details.run();
            List<TaskView> tasks = details.tasks().stream()
                    .map(t -> TaskView.of(t, SuiteCatalog.task(details.suite(), t.taskId()))).toList();
            return new RunView(run.id(), run.experimentId(), run.suiteId(), run.architecture(), run.agents(),
                    run.model(), run.status().code(), run.createdAt(), run.finishedAt(), tasks);
        }
    }
}
