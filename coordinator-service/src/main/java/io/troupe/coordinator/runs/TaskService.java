package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.clock.RunClocks;
import io.troupe.coordinator.clock.RunClock;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.architecture.Architecture;
import io.troupe.coordinator.board.Incidents;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.board.TeamStore;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.coordinator.events.EventPublisher;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.protocol.TroupeHeaders;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.TaskSpec;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What agents do on the board: claim a READY task, renew the lease, complete the task; and what
 * the board does when a lease runs out. Every change is a compare-and-set on the task's version,
 * taken under the run's in-process lock so that its events go out in causal order.
 */
@ApplicationScoped
public class TaskService {
    private static final Logger LOG = Logger.getLogger(TaskService.class);
    /** A request that keeps losing compare-and-set races gives up after this many tries. */
    private static final int MAX_TRIES = 5;

    private final SuiteCatalog suites;
    private final RunStore runs;
    private final TaskBoard board;
    private final Incidents incidents;
    private final Dispatcher dispatcher;
    private final EventPublisher events;
    private final RunLocks locks;
    private final CoordinatorConfig config;
    private final TeamStore teams;
    private final RunClocks clocks;

    public TaskService(SuiteCatalog suites, RunStore runs, TaskBoard board, Incidents incidents,
                       Dispatcher dispatcher, EventPublisher events, RunLocks locks, CoordinatorConfig config,
                       TeamStore teams, RunClocks clocks) {
        this.suites = suites;
        this.runs = runs;
        this.board = board;
        this.incidents = incidents;
        this.dispatcher = dispatcher;
        this.events = events;
        this.locks = locks;
        this.config = config;
        this.teams = teams;
        this.clocks = clocks;
    }

    /**
     * {@code agentId} claims {@code taskId}: a lease if the task is READY (or already held by the
     * same agent); a recorded 409 {@code claim-conflict} if another agent holds it, {@code
     * claim-blocked} if it is not READY.
     */
    public LeaseGrant claim(String runId, String taskId, String agentId) {
        requireAgent(agentId, "claiming");
        Run run = run(runId);
        Suite suite = suites.get(run.suiteId());
        TaskSpec spec = SuiteCatalog.task(suite, taskId);
        return locks.withRun(runId, () -> {
            Run current = running(runId, "claimed");
            for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
                BoardTask task = board.find(runId, taskId).orElseThrow();
                Instant now = clocks.now(current);
                Instant expiresAt = now.plus(Dispatcher.leaseDuration(current, config.board().leaseDuration()));
                switch (task.claimBy(agentId, expiresAt)) {
                    case BoardTask.Claim.Apply apply -> {
                        if (!board.apply(apply.transition(), now)) {
                            continue;
                        }
                        events.publish(new TaskEvent.TaskClaimed(runId, taskId, agentId, now));
                        return LeaseGrant.of(task.with(apply.transition(), now));
                    }
                    case BoardTask.Claim.Held held -> {
                        return LeaseGrant.of(held.task());
                    }
                    case BoardTask.Claim.Conflict conflict -> throw conflict(conflict.task(), agentId, now);
                    case BoardTask.Claim.Blocked blocked -> throw blocked(blocked.task(), spec, agentId, now);
                }
            }
            throw contended(runId, taskId);
        });
    }

    /**
     * The lead {@code leadId} of a {@code lead} run gives READY {@code taskId} to {@code agentId}, one
     * of the run's workers: the task is claimed for that agent (its lease, as for a preassigned
     * agent, held until it renews it) and the assignment goes to its inbox. Refused like a claim: a
     * recorded 409 {@code claim-blocked} if the task is not READY, {@code claim-conflict} if another
     * agent holds it; 403 {@code not-the-lead} for anyone but the lead, 400 {@code not-on-team} for
     * an agent outside the team. Assigning a task its agent already holds changes nothing.
     */
    public LeaseGrant assign(String runId, String taskId, String leadId, String agentId) {
        requireAgent(leadId, "assigning");
        RunDetails details = runs.find(runId).map(r -> new RunDetails(r, List.of(), null, Map.of(), teams.team(r.id())))
                .orElseThrow(() -> RunService.notFound(runId));
        Run run = details.run();
        if (Architecture.byName(run.architecture()).orElseThrow() != Architecture.LEAD) {
            throw new ProblemException(ProblemType.NOT_A_LEAD_RUN, "run " + runId + " is "
                    + run.architecture() + ": only the lead of a 'lead' run assigns tasks; claim the task instead");
        }
        if (!leadId.equals(details.lead())) {
            throw new ProblemException(ProblemType.NOT_THE_LEAD, leadId + " is not the lead of run "
                    + runId + "; its lead is " + details.lead(), Map.of("lead", String.valueOf(details.lead())));
        }
        if (agentId == null || !details.workers().contains(agentId)) {
            throw new ProblemException(ProblemType.NOT_ON_TEAM, "assign the task to one of the run's "
                    + "agents " + String.join(", ", details.workers()) + " as {\"agent\": \"" + details.workers()
                    .getFirst() + "\"}, not " + (agentId == null ? "nobody" : "'" + agentId + "'"),
                    Map.of("team", details.workers()));
        }
        Suite suite = suites.get(run.suiteId());
        TaskSpec spec = SuiteCatalog.task(suite, taskId);
        return locks.withRun(runId, () -> {
            Run current = running(runId, "assigned");
            for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
                BoardTask task = board.find(runId, taskId).orElseThrow();
                Instant now = clocks.now(current);
                Instant expiresAt = now.plus(Dispatcher.leaseDuration(current,
                        config.board().assignmentLeaseDuration()));
                switch (task.claimBy(agentId, expiresAt)) {
                    case BoardTask.Claim.Apply apply -> {
                        if (!board.apply(apply.transition(), now)) {
                            continue;
                        }
                        events.publish(new TaskEvent.TaskClaimed(runId, taskId, agentId, now));
                        dispatcher.sendAssignment(current, suite, taskId, agentId, apply.transition().leaseEpoch());
                        LOG.infof("task assigned runId=%s taskId=%s agentId=%s lead=%s", runId, taskId, agentId,
                                leadId);
                        return LeaseGrant.of(task.with(apply.transition(), now));
                    }
                    case BoardTask.Claim.Held held -> {
                        // A lead retrying an assignment whose answer it lost: the assignment may be lost too
                        // (a broker timeout, a crash). The copy has the first one's id: an agent that got
                        // it ignores this one.
                        dispatcher.sendAssignment(current, suite, taskId, agentId, held.task().leaseEpoch());
                        return LeaseGrant.of(held.task());
                    }
                    case BoardTask.Claim.Conflict conflict -> throw conflict(conflict.task(), agentId, now);
                    case BoardTask.Claim.Blocked blocked -> throw blocked(blocked.task(), spec, agentId, now);
                }
            }
            throw contended(runId, taskId);
        });
    }

    /** The holder of the lease with {@code epoch} extends it; a recorded 409 {@code stale-lease} otherwise. */
    public LeaseGrant renew(String runId, String taskId, String agentId, Long epoch) {
        requireAgent(agentId, "renewing a lease on");
        Run run = run(runId);
        Suite suite = suites.get(run.suiteId());
        SuiteCatalog.task(suite, taskId);
        return locks.withRun(runId, () -> {
            Run current = running(runId, "renewed");
            for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
                BoardTask task = board.find(runId, taskId).orElseThrow();
                Long presented = requireEpoch(current, task, agentId, epoch);
                Instant now = clocks.now(current);
                Instant expiresAt = now.plus(Dispatcher.leaseDuration(current, config.board().leaseDuration()));
                switch (task.renewalBy(agentId, presented, expiresAt)) {
                    case BoardTask.Renewal.Apply apply -> {
                        if (!board.apply(apply.transition(), now)) {
                            continue;
                        }
                        return LeaseGrant.of(task.with(apply.transition(), now));
                    }
                    case BoardTask.Renewal.Stale stale -> throw stale(stale.task(), agentId, presented, now);
                }
            }
            throw contended(runId, taskId);
        });
    }

    /**
     * Completes {@code taskId} on behalf of {@code agentId}, which must hold its lease
     * ({@code epoch}); releases the tasks that were waiting only for it and completes the run after
     * its last task. Completing a task the same agent already completed changes nothing (a
     * redelivered request). The preassigned agent of a task may leave the epoch out: the assignment
     * it got does not carry one.
     */
    public TaskDetails complete(String runId, String taskId, String agentId, Long epoch) {
        requireAgent(agentId, "completing");
        Run run = run(runId);
        Suite suite = suites.get(run.suiteId());
        TaskSpec spec = SuiteCatalog.task(suite, taskId);
        return locks.withRun(runId, () -> completeOwned(run, suite, spec, agentId, epoch));
    }

    private TaskDetails completeOwned(Run run, Suite suite, TaskSpec spec, String agentId, Long epoch) {
        String runId = run.id();
        String taskId = spec.id();
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            BoardTask task = board.find(runId, taskId).orElseThrow();
            if (epoch == null && task.state() == TaskState.CLAIMED && agentId.equals(task.agent())) {
                requireEpoch(run, task, agentId, null); // the owner names its lease, unless it is preassigned
            }
            Long presented = epoch;
            Instant now = clocks.now(run);
            switch (task.completionBy(agentId, presented)) {
                case BoardTask.Completion.Apply apply -> {
                    running(runId, "completed");
                    if (!board.apply(apply.transition(), now)) {
                        continue; // someone changed the task meanwhile: decide again on its new state
                    }
                    events.publish(new TaskEvent.TaskDone(runId, taskId, agentId, now));
                    afterDone(run, suite, taskId);
                    return new TaskDetails(task.with(apply.transition(), now), spec);
                }
                case BoardTask.Completion.AlreadyDone done -> {
                    // Repeat the follow-ups: the first request may have failed after the task became DONE.
                    if (runs.find(runId).orElseThrow().status() == RunStatus.RUNNING) {
                        afterDone(run, suite, taskId);
                    }
                    return new TaskDetails(done.task(), spec);
                }
                case BoardTask.Completion.NotOwned notOwned -> throw notOwned(notOwned.task(), agentId);
                case BoardTask.Completion.Stale stale -> throw stale(stale.task(), agentId, presented, now);
            }
        }
        throw contended(runId, taskId);
    }

    /**
     * The lease of {@code expired} ran out: the task goes back to READY and is handed out again as
     * the architecture says (re-assigned to its preassigned agent, offered again on the queue, left
     * on the board), or, after {@code troupe.board.max-attempts} lost leases, it is FAILED and so is
     * its run. Nothing happens if the task changed meanwhile (renewed, completed).
     */
    public void expire(BoardTask expired) {
        expire(expired, false);
    }

    /**
     * The agent holding {@code held} is gone (its heartbeats stopped): its lease ends now, as if it had
     * run out, and the task is handed out again (in a preassigned run, to a live teammate). Nothing
     * happens if the task changed meanwhile.
     */
    public void expireGone(BoardTask held) {
        expire(held, true);
    }

    private void expire(BoardTask expired, boolean holderGone) {
        String runId = expired.runId();
        locks.withRun(runId, () -> {
            Run run = runs.find(runId).orElseThrow();
            BoardTask task = board.find(runId, expired.taskId()).orElseThrow();
            Instant now = clocks.now(run);
            if (run.status() != RunStatus.RUNNING) {
                return;
            }
            boolean due = holderGone
                    ? task.state() == TaskState.CLAIMED && task.version() == expired.version()
                    : task.leaseExpired(now) && !shielded(run, task);
            if (!due) {
                return;
            }
            var transition = task.expire(config.board().maxAttempts());
            if (!board.apply(transition, now)) {
                return;
            }
            BoardTask after = task.with(transition, now);
            String detail = "the lease of " + task.agent() + " (epoch " + task.leaseEpoch() + ") expired at "
                    + task.leaseExpiresAt() + "; leases lost on this task: " + after.attempts();
            incidents.record(runId, task.taskId(), task.agent(), Incidents.Kind.LEASE_EXPIRED, detail, now);
            events.publish(new TaskEvent.TaskLeaseExpired(runId, task.taskId(), task.agent(), task.leaseEpoch(),
                    after.attempts(), now));
            LOG.infof("lease expired runId=%s taskId=%s agentId=%s epoch=%d attempts=%d", runId, task.taskId(),
                    task.agent(), task.leaseEpoch(), after.attempts());
            if (after.state() == TaskState.FAILED) {
                String reason = "task " + task.taskId() + " failed: its lease expired " + after.attempts()
                        + " times (troupe.board.max-attempts)";
                events.publish(new TaskEvent.TaskFailed(runId, task.taskId(), after.attempts(), reason, now));
                dispatcher.finish(run, RunStatus.FAILED, reason);
            } else {
                dispatcher.handOut(run, suites.get(run.suiteId()), after);
            }
        });
    }

    /**
     * Whether the lease of {@code task}, run out on its run's clock, is kept because its agent waits on
     * its model (see {@link RunClock#shields}): a simulated agent's lease runs out by the run's time
     * only when the agent stopped working on it, as a real agent's would.
     */
    private boolean shielded(Run run, BoardTask task) {
        return clocks.clock(run).map(clock -> clock.shields(task.agent(), Dispatcher.leaseDuration(run,
                config.board().leaseDuration()))).orElse(false);
    }

    private void afterDone(Run run, Suite suite, String taskId) {
        dispatcher.release(run, suite, suite.dag().dependentsOf(taskId));
        dispatcher.finishIfDone(run);
    }

    /**
     * The preassigned agent of a task, and the agent a lead assigned it to, may act on it without the
     * epoch (their assignment carries none).
     */
    private static boolean ownsWithoutEpoch(Run run, BoardTask task, String agentId) {
        // The preassigned agent, or the live teammate its task went to when it was gone.
        return Architecture.PREASSIGNED.wireName().equals(run.architecture())
                && (task.state() == TaskState.CLAIMED ? agentId.equals(task.agent()) : agentId.equals(task.assignee()))
                || Architecture.LEAD.wireName().equals(run.architecture()) && agentId.equals(task.agent());
    }

    private static Long requireEpoch(Run run, BoardTask task, String agentId, Long epoch) {
        if (epoch != null || ownsWithoutEpoch(run, task, agentId)) {
            return epoch;
        }
        throw new ProblemException(ProblemType.MISSING_LEASE_EPOCH, "present the epoch of your "
                + "lease on task " + task.taskId() + " (the 'epoch' the claim answered) in the "
                + TroupeHeaders.LEASE_EPOCH + " header or as {\"epoch\": n} in the body");
    }

    private ProblemException conflict(BoardTask task, String agentId, Instant now) {
        String detail = "task " + task.taskId() + " is claimed by " + task.agent() + ", not by " + agentId
                + "; pick another READY task from GET /api/runs/" + task.runId() + "/board";
        incidents.record(task.runId(), task.taskId(), agentId, Incidents.Kind.CLAIM_CONFLICT, detail, now);
        events.publish(new TaskEvent.TaskClaimConflict(task.runId(), task.taskId(), agentId, task.agent(), now));
        LOG.infof("claim conflict runId=%s taskId=%s agentId=%s owner=%s", task.runId(), task.taskId(), agentId,
                task.agent());
        return new ProblemException(ProblemType.CLAIM_CONFLICT, detail, extensions(task));
    }

    private ProblemException blocked(BoardTask task, TaskSpec spec, String agentId, Instant now) {
        String detail = switch (task.state()) {
            case PENDING -> {
                List<String> waiting = spec.dependencies().stream()
                        .filter(dep -> board.find(task.runId(), dep).map(d -> d.state() != TaskState.DONE).orElse(true))
                        .toList();
                yield "task " + task.taskId() + " is PENDING: its dependencies " + String.join(", ", waiting)
                        + " are not DONE yet; claim it once it is READY";
            }
            case DONE -> "task " + task.taskId() + " is already DONE (by " + task.agent() + ")";
            case FAILED -> "task " + task.taskId() + " FAILED and is not handed out any more";
            case READY, CLAIMED -> "task " + task.taskId() + " is " + task.state().code();
        };
        incidents.record(task.runId(), task.taskId(), agentId, Incidents.Kind.CLAIM_BLOCKED, detail, now);
        events.publish(new TaskEvent.TaskClaimBlocked(task.runId(), task.taskId(), agentId, task.state().code(),
                now));
        LOG.infof("claim blocked runId=%s taskId=%s agentId=%s state=%s", task.runId(), task.taskId(), agentId,
                task.state().code());
        return new ProblemException(ProblemType.CLAIM_BLOCKED, detail, extensions(task));
    }

    private ProblemException stale(BoardTask task, String agentId, Long presented, Instant now) {
        long epoch = presented == null ? task.leaseEpoch() : presented;
        String holder = task.state() == TaskState.CLAIMED
                ? "its current lease is epoch " + task.leaseEpoch() + ", held by " + task.agent()
                : "it is " + task.state().code() + (task.agent() == null ? "" : " (by " + task.agent() + ")");
        String detail = "the lease with epoch " + epoch + " on task " + task.taskId() + " is not " + agentId
                + "'s any more: " + holder + "; stop working on it";
        incidents.record(task.runId(), task.taskId(), agentId, Incidents.Kind.STALE_LEASE, detail, now);
        events.publish(new TaskEvent.TaskLeaseStale(task.runId(), task.taskId(), agentId, epoch, task.leaseEpoch(),
                now));
        LOG.infof("stale lease runId=%s taskId=%s agentId=%s presented=%d current=%d", task.runId(), task.taskId(),
                agentId, epoch, task.leaseEpoch());
        Map<String, Object> extensions = extensions(task);
        extensions.put("presentedEpoch", epoch);
        extensions.put("currentEpoch", task.leaseEpoch());
        return new ProblemException(ProblemType.STALE_LEASE, detail, extensions);
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
        return new ProblemException(ProblemType.TASK_NOT_OWNED, detail, extensions(task));
    }

    private static Map<String, Object> extensions(BoardTask task) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("runId", task.runId());
        extensions.put("taskId", task.taskId());
        extensions.put("state", task.state().code());
        extensions.put("owner", task.agent());
        return extensions;
    }

    private static ProblemException contended(String runId, String taskId) {
        return new ProblemException(ProblemType.TASK_CONTENDED, "task " + taskId + " of run " + runId
                + " kept changing while the request was processed; retry it");
    }

    private static void requireAgent(String agentId, String what) {
        if (agentId == null || agentId.isBlank()) {
            throw new ProblemException(ProblemType.MISSING_AGENT, "name the agent " + what
                    + " the task in the " + TroupeHeaders.AGENT + " header (e.g. " + TroupeHeaders.AGENT
                    + ": agent-1)");
        }
    }

    private Run run(String runId) {
        return runs.find(runId).orElseThrow(() -> RunService.notFound(runId));
    }

    /** The run, which must still be RUNNING for a task of it to be {@code what}. */
    private Run running(String runId, String what) {
        Run run = run(runId);
        if (run.status() != RunStatus.RUNNING) {
            throw RunService.finished(run, "no task of it can be " + what);
        }
        return run;
    }
}
