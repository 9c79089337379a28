package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.architecture.Architecture;
import io.troupe.coordinator.architecture.Preassignment;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.coordinator.events.EventPublisher;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.coordinator.workspace.WorkspaceClient;
import io.troupe.protocol.events.ModelSpec;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.TaskSpec;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Starting runs, reading them, and completing their tasks. */
@ApplicationScoped
public class RunService {
    private static final Logger LOG = Logger.getLogger(RunService.class);
    /** A completion that keeps losing compare-and-set races gives up after this many tries. */
    private static final int MAX_ATTEMPTS = 5;

    private final SuiteCatalog suites;
    private final RunStore runs;
    private final TaskBoard board;
    private final Dispatcher dispatcher;
    private final WorkspaceClient workspace;
    private final EventPublisher events;
    private final RunLocks locks;
    private final CoordinatorConfig config;

    public RunService(SuiteCatalog suites, RunStore runs, TaskBoard board, Dispatcher dispatcher,
                      WorkspaceClient workspace, EventPublisher events, RunLocks locks, CoordinatorConfig config) {
        this.suites = suites;
        this.runs = runs;
        this.board = board;
        this.dispatcher = dispatcher;
        this.workspace = workspace;
        this.events = events;
        this.locks = locks;
        this.config = config;
    }

    /**
     * Validates the request, creates the run's workspace with the suite's tests, stores the run with
     * its tasks PENDING, announces it, and releases the tasks without dependencies.
     */
    public RunDetails create(RunRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("the request has no body; send JSON like {\"suite\": \"tiny\", "
                    + "\"architecture\": \"preassigned\", \"agents\": 2}");
        }
        if (request.suite() == null || request.suite().isBlank()) {
            throw ProblemException.badRequest("'suite' is missing; known suites: " + String.join(", ",
                    suites.ids()));
        }
        Suite suite = suites.get(request.suite());
        Architecture architecture = architecture(request.architecture());
        int agents = agents(request.agents());
        ModelSpec model = model(request.model());

        String runId = "run-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Instant now = Instant.now();
        Map<String, String> plan = switch (architecture) {
            case PREASSIGNED -> Preassignment.plan(suite.dag(), agents);
            case DECENTRALIZED, LEAD, QUEUE, DYNAMIC -> Map.of();
        };
        List<BoardTask> tasks = new ArrayList<>();
        List<TaskSpec> specs = suite.manifest().tasks();
        for (int i = 0; i < specs.size(); i++) {
            String taskId = specs.get(i).id();
            tasks.add(new BoardTask(runId, taskId, i, TaskState.PENDING, plan.get(taskId), null, 0, now));
        }
        Run run = new Run(runId, request.experimentId(), suite.id(), architecture.wireName(), agents, model,
                RunStatus.RUNNING, now, null);

        // The workspace comes first: if it cannot be made, nothing is stored and the client may retry.
        workspace.create(runId, suite.manifest().testCommand(), new LinkedHashMap<>(suite.tests()));
        return locks.withRun(runId, () -> {
            runs.insert(run, tasks);
            LOG.infof("run created runId=%s suite=%s architecture=%s agents=%d plan=%s", runId, suite.id(),
                    architecture.wireName(), agents, plan);
            events.publish(new RunEvent.RunStarted(runId, run.experimentId(), suite.id(), architecture.wireName(),
                    agents, model.name(), suite.dag().size(), suite.dag().criticalPath().size(),
                    suite.dag().parallelFraction(), now));
            dispatcher.release(run, suite, suite.dag().topologicalOrder());
            return details(run);
        });
    }

    /** Every run, newest first. */
    public List<RunDetails> all() {
        return runs.all().stream().map(this::details).toList();
    }

    public RunDetails get(String runId) {
        return details(run(runId));
    }

    /**
     * Completes {@code taskId} on behalf of {@code agentId}, which must own it; releases the tasks
     * that were waiting only for it and completes the run after its last task. Completing a task
     * the same agent already completed changes nothing (a redelivered request).
     */
    public TaskDetails complete(String runId, String taskId, String agentId) {
        if (agentId == null || agentId.isBlank()) {
            throw new ProblemException(400, "missing-agent", "Missing agent",
                    "name the agent completing the task in the Troupe-Agent header (e.g. Troupe-Agent: agent-1)");
        }
        Run run = run(runId);
        Suite suite = suites.get(run.suiteId());
        TaskSpec spec = SuiteCatalog.task(suite, taskId);
        return locks.withRun(runId, () -> completeOwned(run, suite, spec, agentId));
    }

    private TaskDetails completeOwned(Run run, Suite suite, TaskSpec spec, String agentId) {
        String runId = run.id();
        String taskId = spec.id();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            BoardTask task = board.find(runId, taskId).orElseThrow();
            switch (task.completionBy(agentId)) {
                case BoardTask.Completion.Apply apply -> {
                    Instant now = Instant.now();
                    if (!board.apply(apply.transition(), now)) {
                        continue; // someone changed the task meanwhile: decide again on its new state
                    }
                    events.publish(new TaskEvent.TaskDone(runId, taskId, agentId, now));
                    afterDone(run, suite, taskId);
                    return new TaskDetails(task.with(apply.transition(), now), spec);
                }
                case BoardTask.Completion.AlreadyDone done -> {
                    // Repeat the follow-ups: the first request may have failed after the task became DONE.
                    afterDone(run, suite, taskId);
                    return new TaskDetails(done.task(), spec);
                }
                case BoardTask.Completion.NotOwned notOwned -> throw notOwned(notOwned.task(), agentId);
            }
        }
        throw new ProblemException(409, "task-contended", "Task contended", "task " + taskId + " of run " + runId
                + " kept changing while it was being completed; retry the request");
    }

    private void afterDone(Run run, Suite suite, String taskId) {
        dispatcher.release(run, suite, suite.dag().dependentsOf(taskId));
        dispatcher.finishIfDone(run);
    }

    private static ProblemException notOwned(BoardTask task, String agentId) {
        String owner = task.agent() == null ? "no agent" : task.agent();
        String detail = switch (task.state()) {
            case CLAIMED -> "task " + task.taskId() + " is claimed by " + owner + ", not by " + agentId
                    + "; only its owner can complete it";
            case DONE -> "task " + task.taskId() + " was already completed by " + owner + ", not by " + agentId;
            case PENDING, READY, FAILED -> "task " + task.taskId() + " is " + task.state().code()
                    + " and owned by no agent, so " + agentId + " cannot complete it; claim it first";
        };
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("runId", task.runId());
        extensions.put("taskId", task.taskId());
        extensions.put("state", task.state().code());
        extensions.put("owner", task.agent());
        return new ProblemException(409, "task-not-owned", "Task not owned", detail, extensions);
    }

    private Run run(String runId) {
        return runs.find(runId).orElseThrow(() -> ProblemException.notFound("run",
                "there is no run '" + runId + "'; GET /api/runs lists the runs"));
    }

    private RunDetails details(Run run) {
        return new RunDetails(run, board.tasks(run.id()), suites.get(run.suiteId()));
    }

    private static Architecture architecture(String name) {
        String wanted = name == null ? Architecture.PREASSIGNED.wireName() : name;
        Architecture architecture = Architecture.byName(wanted).orElseThrow(() -> unsupported(
                "unknown architecture '" + wanted + "'; architectures are " + String.join(", ", Architecture.names())
                        + ", of which supported now: " + String.join(", ", Architecture.supportedNames())));
        if (!architecture.isSupported()) {
            throw unsupported("architecture '" + wanted + "' is not supported yet; supported now: "
                    + String.join(", ", Architecture.supportedNames()));
        }
        return architecture;
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(400, "unsupported-architecture", "Unsupported architecture", detail,
                Map.of("supported", Architecture.supportedNames()));
    }

    private int agents(Integer agents) {
        if (agents == null || agents < 1 || agents > config.maxAgents()) {
            throw new ProblemException(400, "invalid-team-size", "Invalid team size", "'agents' must be between 1 and "
                    + config.maxAgents() + (agents == null ? ", and is missing" : ", not " + agents),
                    Map.of("min", 1, "max", config.maxAgents()));
        }
        return agents;
    }

    private ModelSpec model(ModelSpec model) {
        if (model == null) {
            return ModelSpec.simulated(config.defaultLatencyMillis());
        }
        if (model.provider() == null || model.provider().isBlank()) {
            throw ProblemException.badRequest("'model.provider' is missing; use e.g. {\"provider\": \"simulated\", "
                    + "\"name\": \"simulated-constant\", \"latencyMillis\": 200}, or leave 'model' out");
        }
        if (model.latencyMillis() < 0) {
            throw ProblemException.badRequest("'model.latencyMillis' must not be negative, not "
                    + model.latencyMillis());
        }
        if (model.name() == null || model.name().isBlank()) {
            if (ModelSpec.simulated(0).provider().equals(model.provider())) {
                return ModelSpec.simulated(model.latencyMillis());
            }
            throw ProblemException.badRequest("'model.name' is missing for provider '" + model.provider() + "'");
        }
        return model;
    }
}
