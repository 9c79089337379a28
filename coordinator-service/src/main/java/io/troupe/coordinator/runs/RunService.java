package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.clock.RunClocks;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TeamMember;
import io.troupe.coordinator.agents.Recruitment;
import io.troupe.coordinator.architecture.Architecture;
import io.troupe.coordinator.architecture.Preassignment;
import io.troupe.coordinator.board.Incidents;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.board.TeamStore;
import io.troupe.coordinator.events.EventPublisher;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.coordinator.workspace.WorkspaceClient;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.problem.ProblemType;
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

/** Starting runs, reading them, and ending them. Tasks are claimed and completed through {@link TaskService}. */
@ApplicationScoped
public class RunService {
    private static final Logger LOG = Logger.getLogger(RunService.class);

    private final RunSpecs specs;
    private final SuiteCatalog suites;
    private final RunStore runs;
    private final TaskBoard board;
    private final Incidents incidents;
    private final Dispatcher dispatcher;
    private final WorkspaceClient workspace;
    private final EventPublisher events;
    private final RunLocks locks;
    private final Recruitment recruitment;
    private final TeamStore teams;
    private final RunClocks clocks;

    public RunService(RunSpecs specs, SuiteCatalog suites, RunStore runs, TaskBoard board, Incidents incidents,
                      Dispatcher dispatcher, WorkspaceClient workspace, EventPublisher events, RunLocks locks,
                      Recruitment recruitment, TeamStore teams, RunClocks clocks) {
        this.specs = specs;
        this.suites = suites;
        this.runs = runs;
        this.board = board;
        this.incidents = incidents;
        this.dispatcher = dispatcher;
        this.workspace = workspace;
        this.events = events;
        this.locks = locks;
        this.recruitment = recruitment;
        this.teams = teams;
        this.clocks = clocks;
    }

    /**
     * Validates the request, creates the run's workspace with the suite's tests, recruits its team,
     * stores the run with its tasks PENDING and its team, announces it, and releases the tasks
     * without dependencies.
     */
    public RunDetails create(RunRequest request) {
        RunSpecs.Plan spec = specs.check(request);
        Suite suite = spec.suite();
        Architecture architecture = spec.architecture();
        String runId = "run-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Instant now = Instant.now();
        Run run = new Run(runId, spec.experimentId(), suite.id(), architecture.wireName(), spec.agents(),
                spec.model(), RunStatus.RUNNING, now, null, null, spec.settings(),
                spec.settings().inRounds() ? Integer.valueOf(1) : null);

        // The workspace comes first: if it cannot be made, nothing is stored and the client may retry.
        workspace.create(runId, spec.settings().workspaceMode(), suite.manifest().testCommand(),
                new LinkedHashMap<>(suite.tests()));
        return recruitment.recruit(runId, run.teamSize(), team -> locks.withRun(runId, () -> {
            Map<String, String> plan = plan(spec, team);
            List<BoardTask> tasks = new ArrayList<>();
            List<TaskSpec> taskSpecs = suite.manifest().tasks();
            for (int i = 0; i < taskSpecs.size(); i++) {
                String taskId = taskSpecs.get(i).id();
                tasks.add(BoardTask.pending(runId, taskId, i, plan.get(taskId), now));
            }
            runs.insert(run, tasks, team);
            if (run.settings().hasClock()) {
                clocks.start(run, now, TeamMember.ids(team));
            }
            LOG.infof("run created runId=%s suite=%s architecture=%s agents=%d team=%s plan=%s", runId, suite.id(),
                    run.architectureLabel(), spec.agents(), TeamMember.ids(team), plan);
            RunDetails details = details(run);
            events.publish(new RunEvent.RunStarted(runId, run.experimentId(), suite.id(), run.architectureLabel(),
                    spec.agents(), spec.model().name(), suite.dag().size(), suite.dag().criticalPath().size(),
                    suite.dag().parallelFraction(), now, details.workers(), details.lead(), dependencies(suite),
                    spec.model().isSimulated() ? run.settings().commonSeed() : null,
                    run.settings().inRounds() ? run.settings().execution().wireName() : null));
            dispatcher.release(run, suite, suite.dag().topologicalOrder());
            return details(run);
        }));
    }

    /** Task id to the team member the architecture plans it for (preassigned runs; none otherwise). */
    private static Map<String, String> plan(RunSpecs.Plan spec, List<TeamMember> team) {
        return switch (spec.architecture()) {
            case PREASSIGNED -> {
                // The plan names agent-1 … agent-n; agent-k is the team's k-th member.
                List<String> planned = Preassignment.agents(spec.agents());
                Map<String, String> plan = new LinkedHashMap<>();
                Preassignment.plan(spec.suite().dag(), spec.agents(), spec.settings().variant()).forEach(
                        (task, agent) -> plan.put(task, team.get(planned.indexOf(agent)).agentId()));
                yield plan;
            }
            case DECENTRALIZED, LEAD, QUEUE, DYNAMIC -> Map.of();
        };
    }

    /** The DAG's edges, for consumers that walk it (the metrics service's critical path). */
    private static Map<String, List<String>> dependencies(Suite suite) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        suite.manifest().tasks().forEach(t -> edges.put(t.id(), t.dependencies()));
        return edges;
    }

    /** Every run, newest first. */
    public List<RunDetails> all() {
        return runs.all().stream().map(this::details).toList();
    }

    public RunDetails get(String runId) {
        return details(run(runId));
    }

    /** Ends a RUNNING run as CANCELLED; 409 {@code run-finished} if it already ended. */
    public RunDetails cancel(String runId, String reason) {
        Run run = run(runId);
        String why = reason == null || reason.isBlank() ? "cancelled by request" : "cancelled: " + reason;
        return locks.withRun(runId, () -> {
            if (!dispatcher.finish(run, RunStatus.CANCELLED, why)) {
                throw finished(run(runId), "it cannot be cancelled");
            }
            return details(run(runId));
        });
    }

    private Run run(String runId) {
        return runs.find(runId).orElseThrow(() -> notFound(runId));
    }

    private RunDetails details(Run run) {
        List<TeamMember> team = teams.team(run.id());
        if (team.isEmpty()) {
            // A run stored before teams were: its team is the default one.
            team = Preassignment.agents(run.teamSize()).stream().map(id -> new TeamMember(id, false)).toList();
        }
        // The live round of a running run in rounds (the stored one is recorded a moment after it begins).
        Integer round = clocks.round(run);
        Run shown = round == null || run.status() != io.troupe.coordinator.RunStatus.RUNNING ? run
                : new Run(run.id(), run.experimentId(), run.suiteId(), run.architecture(), run.agents(), run.model(),
                run.status(), run.createdAt(), run.finishedAt(), run.reason(), run.settings(), round);
        return new RunDetails(shown, board.tasks(run.id()), suites.get(run.suiteId()), incidents.counts(run.id()),
                team);
    }

    static ProblemException notFound(String runId) {
        return new ProblemException(ProblemType.RUN_NOT_FOUND, "there is no run '" + runId + "'; GET /api/runs lists "
                + "the runs");
    }

    /** A run that is not RUNNING any more was asked to change. */
    static ProblemException finished(Run run, String consequence) {
        return new ProblemException(ProblemType.RUN_FINISHED, "run " + run.id() + " is "
                + run.status().code() + " (" + run.reason() + "), so " + consequence,
                Map.of("runId", run.id(), "runStatus", run.status().code()));
    }
}
