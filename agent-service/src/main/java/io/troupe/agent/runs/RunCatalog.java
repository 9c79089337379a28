package io.troupe.agent.runs;

import io.troupe.agent.clients.CoordinatorClient;
import io.troupe.agent.clients.RunInfo;
import io.troupe.protocol.events.AgentSettings;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.suite.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What agents that pick their own tasks need to know of a run and its suite, asked of the
 * coordinator once and cached: the team size, the model, the suite's tasks. (Only what never
 * changes is cached; a run's status and board are read fresh.)
 */
@ApplicationScoped
public class RunCatalog {
    private final CoordinatorClient coordinator;
    private final Map<String, RunInfo> runs = new ConcurrentHashMap<>();
    private final Map<String, List<TaskSpec>> suites = new ConcurrentHashMap<>();

    public RunCatalog(CoordinatorClient coordinator) {
        this.coordinator = coordinator;
    }

    /** The run as it was first read; a {@code ServiceCallException} (404 for an unknown run) if unreadable. */
    public RunInfo run(String runId) {
        return runs.computeIfAbsent(runId, coordinator::run);
    }

    /** The settings of {@code agentId} in the run. */
    public AgentSettings settings(String runId, String agentId) {
        return run(runId).settingsOf(agentId, number(agentId));
    }

    /** The assignment an agent gives itself when it claimed {@code taskId}: like the coordinator's. */
    public Assignment assignment(String runId, String taskId, String agentId) {
        RunInfo run = run(runId);
        List<TaskSpec> tasks = suites.computeIfAbsent(run.suite(), coordinator::suiteTasks);
        TaskSpec task = find(tasks, taskId, run);
        List<String> dependencyFiles = task.dependencies().stream()
                .flatMap(dep -> find(tasks, dep, run).files().stream()).distinct().toList();
        return new Assignment(runId, agentId, run.suite(), task, dependencyFiles, run.model(), Instant.now(),
                run.settingsOf(agentId, number(agentId)));
    }

    /** The number i of agent-i; 0 (no override applies) for an id without one. */
    static int number(String agentId) {
        try {
            return Integer.parseInt(agentId.substring(agentId.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static TaskSpec find(List<TaskSpec> tasks, String taskId, RunInfo run) {
        return tasks.stream().filter(t -> t.id().equals(taskId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("suite " + run.suite() + " of run " + run.id()
                        + " has no task " + taskId));
    }
}
