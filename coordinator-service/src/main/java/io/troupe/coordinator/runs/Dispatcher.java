package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.clock.RunClocks;
import io.troupe.coordinator.RunSettings;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.TeamMember;
import io.troupe.coordinator.TaskTransition;
import io.troupe.coordinator.agents.AgentRegistry;
import io.troupe.coordinator.agents.Recruitment;
import io.troupe.coordinator.architecture.Architecture;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.board.TeamStore;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.coordinator.events.EventPublisher;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.protocol.events.AgentSettings;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Moves a run forward: makes tasks READY once their dependencies are DONE, hands READY tasks out as
 * the run's architecture says, and ends the run. Each step is a compare-and-set; only the caller
 * that won it publishes its event, so concurrent callers (two completions releasing the same
 * dependent) never produce an event twice. Every step is safe to repeat, which is how a run is
 * resumed after a restart.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final TaskBoard board;
    private final RunStore runs;
    private final EventPublisher events;
    private final CoordinatorConfig config;
    private final Recruitment recruitment;
    private final TeamStore teams;
    private final RunClocks clocks;
    private final AgentRegistry registry;

    public Dispatcher(TaskBoard board, RunStore runs, EventPublisher events, CoordinatorConfig config,
                      Recruitment recruitment, TeamStore teams, RunClocks clocks, AgentRegistry registry) {
        this.registry = registry;
        this.board = board;
        this.runs = runs;
        this.events = events;
        this.config = config;
        this.recruitment = recruitment;
        this.teams = teams;
        this.clocks = clocks;
    }

    /** Makes READY (and hands out) those {@code candidates} whose dependencies are all DONE. */
    public void release(Run run, Suite suite, Collection<String> candidates) {
        Map<String, BoardTask> byId = board.tasks(run.id()).stream()
                .collect(Collectors.toMap(BoardTask::taskId, Function.identity()));
        for (String id : candidates) {
            BoardTask task = byId.get(id);
            boolean depsDone = suite.dag().dependenciesOf(id).stream()
                    .allMatch(dep -> byId.get(dep).state() == TaskState.DONE);
            if (task.state() != TaskState.PENDING || !depsDone) {
                continue;
            }
            TaskTransition ready = task.ready();
            Instant now = clocks.now(run);
            if (board.apply(ready, now)) {
                events.publish(new TaskEvent.TaskReady(run.id(), id, now));
                handOut(run, suite, task.with(ready, now));
            }
        }
    }

    /**
     * Hands out every READY task of a preassigned run (after a restart, a READY task may be
     * waiting). Queue runs are not offered again here: their READY tasks are already on the topic,
     * and a task whose taker vanished comes back through its lease.
     */
    public void handOutReady(Run run, Suite suite) {
        if (Architecture.byName(run.architecture()).orElseThrow() == Architecture.PREASSIGNED) {
            board.tasks(run.id()).stream().filter(t -> t.state() == TaskState.READY)
                    .forEach(t -> handOut(run, suite, t));
        }
    }

    /**
     * Hands a task that just became READY to the agents, as the run's architecture says:
     * preassigned claims it for its planned agent and sends the assignment; queue offers it on
     * {@code troupe.tasks-ready}; decentralized leaves it on the board for agents to claim.
     */
    public void handOut(Run run, Suite suite, BoardTask ready) {
        Architecture architecture = Architecture.byName(run.architecture()).orElseThrow();
        switch (architecture) {
            case PREASSIGNED -> claimFor(run, suite, ready, assigneeFor(run, ready));
            case QUEUE -> events.offer(new TaskEvent.TaskReady(run.id(), ready.taskId(), clocks.now(run)));
            case DECENTRALIZED, LEAD -> {
                // Agents read the board and claim themselves; or the lead reads it and assigns
                // (see TaskService#assign).
            }
            // Refused when a run is created.
            case DYNAMIC -> LOG.warnf("no hand-out for architecture=%s runId=%s taskId=%s",
                    architecture.wireName(), run.id(), ready.taskId());
        }
    }

    /**
     * Who does a READY task of a preassigned run: its planned agent while that one is alive (or while
     * no agent announces itself at all, as when agents are not heard from); else the live teammate
     * holding the fewest of the run's claimed tasks, so a dead agent's tasks go on without it.
     */
    private String assigneeFor(Run run, BoardTask ready) {
        String planned = ready.assignee();
        java.util.Set<String> live = liveAgents();
        List<String> team = TeamMember.ids(teams.team(run.id()));
        if (live.contains(planned) || team.stream().noneMatch(live::contains)) {
            return planned;
        }
        Map<String, Long> held = board.tasks(run.id()).stream()
                .filter(t -> t.state() == TaskState.CLAIMED && t.agent() != null)
                .collect(Collectors.groupingBy(BoardTask::agent, Collectors.counting()));
        String chosen = team.stream().filter(live::contains)
                .min(java.util.Comparator.comparingLong(a -> held.getOrDefault(a, 0L))).orElse(planned);
        LOG.infof("planned agent gone, task goes to a live teammate runId=%s taskId=%s planned=%s agentId=%s",
                run.id(), ready.taskId(), planned, chosen);
        return chosen;
    }

    /** The agents heard from lately (heartbeats are on the wall clock: they are about processes). */
    public java.util.Set<String> liveAgents() {
        return registry.live(Instant.now()).stream().map(io.troupe.coordinator.agents.LiveAgent::id)
                .collect(Collectors.toSet());
    }

    /** Completes the run if every task is DONE; true if this call completed it. */
    public boolean finishIfDone(Run run) {
        boolean allDone = board.tasks(run.id()).stream().allMatch(t -> t.state() == TaskState.DONE);
        return allDone && finish(run, RunStatus.COMPLETED, "every task is done");
    }

    /** Ends a RUNNING run with {@code status} and lets its agents go; true if this call ended it. */
    public boolean finish(Run run, RunStatus status, String reason) {
        Instant now = clocks.now(run);
        // No round begins after this one: the rounds the run used are final (and no turn is taken after them).
        Integer rounds = clocks.freezeRounds(run);
        if (!runs.finish(run.id(), status, reason, now, rounds)) {
            return false;
        }
        LOG.infof("run transition runId=%s from=%s to=%s reason=%s rounds=%s", run.id(), RunStatus.RUNNING.code(),
                status.code(), reason, rounds);
        recruitment.release(run);
        events.publish(new RunEvent.RunFinished(run.id(), status.code(), now, rounds));
        return true;
    }

    /** How long a claim in {@code run} holds: the run's limit, else {@code fallback}. */
    public static Duration leaseDuration(Run run, Duration fallback) {
        Duration limit = run.settings().limits().leaseDuration();
        return limit == null ? fallback : limit;
    }

    /** What the run's team member number {@code index} (its override index) is to do differently in {@code run}. */
    static AgentSettings agentSettings(Run run, int index) {
        RunSettings s = run.settings();
        return AgentSettings.of(run.architectureLabel(), run.agents(), s.profile(), s.seed(), s.timeScale(),
                s.limits().maxTurns(), s.limits().maxTokens(), s.overrides(), index, s.clock(), s.execution());
    }

    /**
     * {@code agent}'s place in the run's recruited team (overrides name agents by it); for a run
     * without a stored team, i - 1 of agent-i; -1 (no override) otherwise.
     */
    private int teamIndex(Run run, String agent) {
        List<String> team = TeamMember.ids(teams.team(run.id()));
        if (!team.isEmpty()) {
            return team.indexOf(agent);
        }
        try {
            return Integer.parseInt(agent.substring(agent.lastIndexOf('-') + 1)) - 1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void claimFor(Run run, Suite suite, BoardTask ready, String agent) {
        Instant now = clocks.now(run);
        Instant expiresAt = now.plus(leaseDuration(run, config.board().assignmentLeaseDuration()));
        if (!(ready.claimBy(agent, expiresAt) instanceof BoardTask.Claim.Apply claim)
                || !board.apply(claim.transition(), now)) {
            return;
        }
        events.publish(new TaskEvent.TaskClaimed(run.id(), ready.taskId(), agent, now));
        sendAssignment(run, suite, ready.taskId(), agent, claim.transition().leaseEpoch());
        LOG.infof("assignment sent runId=%s taskId=%s agentId=%s epoch=%d", run.id(), ready.taskId(), agent,
                claim.transition().leaseEpoch());
    }

    /**
     * Sends again the assignment of every CLAIMED task of a preassigned or lead run: the
     * coordinator may have stopped after a claim was stored and before its assignment reached the
     * agent's inbox, and the agent would then never learn of the task (it would wait for its
     * assignment lease to run out). The copy has the CloudEvents id of the claim's first
     * assignment, so an agent that got that one ignores it; in other architectures the agents
     * claimed the tasks themselves and know of them.
     */
    public void resendAssignments(Run run, Suite suite) {
        Architecture architecture = Architecture.byName(run.architecture()).orElseThrow();
        if (architecture != Architecture.PREASSIGNED && architecture != Architecture.LEAD) {
            return;
        }
        for (BoardTask task : board.tasks(run.id())) {
            if (task.state() == TaskState.CLAIMED) {
                sendAssignment(run, suite, task.taskId(), task.agent(), task.leaseEpoch());
                LOG.infof("assignment sent again runId=%s taskId=%s agentId=%s epoch=%d", run.id(), task.taskId(),
                        task.agent(), task.leaseEpoch());
            }
        }
    }

    /**
     * Puts the assignment of {@code taskId}, claimed for {@code agent} with lease {@code epoch}, into
     * the agent's inbox (sending it again is harmless: see {@link EventPublisher#assign}).
     */
    void sendAssignment(Run run, Suite suite, String taskId, String agent, long epoch) {
        TaskSpec spec = SuiteCatalog.task(suite, taskId);
        List<String> dependencyFiles = spec.dependencies().stream()
                .flatMap(dep -> SuiteCatalog.task(suite, dep).files().stream()).distinct().toList();
        events.assign(new InboxMessage.Assignment(run.id(), agent, suite.id(), spec, dependencyFiles, run.model(),
                clocks.now(run), agentSettings(run, teamIndex(run, agent))), epoch);
    }
}
