package io.troupe.coordinator.api;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunSettings;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.runs.LeaseGrant;
import io.troupe.coordinator.runs.RunDetails;
import io.troupe.coordinator.runs.TaskDetails;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.suite.TaskSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The JSON shapes of {@code /api/runs}. */
public final class RunViews {
    private RunViews() {
    }

    /**
     * A task of a run: its board state, owner ({@code agent}) and version; {@code assignee} is the
     * agent the architecture planned for it, if any; {@code attempts} counts the leases lost on it;
     * {@code leaseExpiresAt} is when the owner's lease runs out.
     */
    public record TaskView(String id, String title, String state, String agent, String assignee, long version,
                           int attempts, Instant leaseExpiresAt, List<String> dependencies, List<String> files) {
        static TaskView of(BoardTask task, TaskSpec spec) {
            return new TaskView(task.taskId(), spec.title(), task.state().code(), task.agent(), task.assignee(),
                    task.version(), task.attempts(), task.leaseExpiresAt(), spec.dependencies(), spec.files());
        }

        static TaskView of(TaskDetails details) {
            return of(details.task(), details.spec());
        }
    }

    /** Durations as ISO-8601 strings ({@code PT10M}). */
    public record LimitsView(String runTimeout, Integer maxTurns, Long maxTokens, String leaseDuration,
                             Integer maxRounds) {
        static LimitsView of(RunSettings.Limits limits) {
            return new LimitsView(Objects.toString(limits.runTimeout(), null), limits.maxTurns(), limits.maxTokens(),
                    Objects.toString(limits.leaseDuration(), null), limits.maxRounds());
        }
    }

    /**
     * A run; {@code team} names its agents in team order (override {@code agent: i} is {@code team[i]});
     * {@code lead} is the agent that assigns the tasks of a {@code lead} run; {@code clock} is how the run
     * keeps time ({@code run} or {@code wall}); {@code execution} how its team takes turns ({@code event-driven}
     * or {@code rounds}); {@code rounds} the round a run in rounds is in, or ended in (null if event-driven).
     */
    public record RunView(String id, String experimentId, String suite, String architecture, String variant,
                          int agents, ModelSpec model, String status, String reason, Instant createdAt,
                          Instant finishedAt, String workspaceMode, String profile, Long seed, Double timeScale,
                          List<Map<String, Object>> overrides, LimitsView limits, Map<String, Long> board,
                          Map<String, Long> incidents, List<String> team, String lead, List<TaskView> tasks,
                          String clock, String execution, Integer rounds) {
        static RunView of(RunDetails details) {
            Run run = details.run();
            RunSettings s = run.settings();
            List<TaskView> tasks = details.tasks().stream()
                    .map(t -> TaskView.of(t, SuiteCatalog.task(details.suite(), t.taskId()))).toList();
            return new RunView(run.id(), run.experimentId(), run.suiteId(), run.architecture(), s.variant(),
                    run.agents(), run.model(), run.status().code(), run.reason(), run.createdAt(), run.finishedAt(),
                    s.workspaceMode(), s.profile(), s.seed(), s.timeScale(), s.overrides(), LimitsView.of(s.limits()),
                    stateCounts(details.tasks()), details.incidents(), details.workers(), details.lead(), tasks,
                    s.clock().wireName(), s.execution().wireName(), run.rounds());
        }
    }

    /**
     * What an agent of a decentralized run reads to pick a task: every task with its state, owner
     * and dependencies; {@code ready} lists the READY ones in the suite's order.
     */
    public record BoardView(String runId, String architecture, String status, List<String> ready,
                            List<TaskView> tasks) {
        static BoardView of(RunDetails details) {
            RunView run = RunView.of(details);
            List<String> ready = run.tasks().stream().filter(t -> t.state().equals(TaskState.READY.code()))
                    .map(TaskView::id).toList();
            return new BoardView(run.id(), details.run().architectureLabel(), run.status(), ready, run.tasks());
        }
    }

    /** A lease: present {@code epoch} to renew it before {@code expiresAt} and to complete the task. */
    public record LeaseView(String runId, String taskId, String agent, long epoch, Instant expiresAt) {
        static LeaseView of(LeaseGrant lease) {
            return new LeaseView(lease.runId(), lease.taskId(), lease.agent(), lease.epoch(), lease.expiresAt());
        }
    }

    private static Map<String, Long> stateCounts(List<BoardTask> tasks) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Arrays.stream(TaskState.values()).forEach(s -> counts.put(s.code(),
                tasks.stream().filter(t -> t.state() == s).count()));
        return counts;
    }
}
