package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.TaskTransition;
import io.troupe.coordinator.architecture.Architecture;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.events.EventPublisher;
import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.protocol.events.InboxMessage;
import io.troupe.protocol.events.RunEvent;
import io.troupe.protocol.events.TaskEvent;
import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.TaskSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Moves a run forward: makes tasks READY once their dependencies are DONE, hands READY tasks to
 * agents as the run's architecture says, and ends the run when every task is DONE. Each step is a
 * compare-and-set; only the caller that won it publishes its event, so concurrent callers (two
 * completions releasing the same dependent) never produce an event twice. Every step is safe to
 * repeat, which is how a run is resumed after a restart.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final TaskBoard board;
    private final RunStore runs;
    private final EventPublisher events;

    public Dispatcher(TaskBoard board, RunStore runs, EventPublisher events) {
        this.board = board;
        this.runs = runs;
        this.events = events;
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
            Instant now = Instant.now();
            if (board.apply(ready, now)) {
                events.publish(new TaskEvent.TaskReady(run.id(), id, now));
                handOut(run, suite, task.with(ready, now));
            }
        }
    }

    /** Hands out every READY task of the run (after a restart, a READY task may be waiting). */
    public void handOutReady(Run run, Suite suite) {
        board.tasks(run.id()).stream().filter(t -> t.state() == TaskState.READY).forEach(t -> handOut(run, suite, t));
    }

    /** Completes the run if every task is DONE; true if this call completed it. */
    public boolean finishIfDone(Run run) {
        boolean allDone = board.tasks(run.id()).stream().allMatch(t -> t.state() == TaskState.DONE);
        Instant now = Instant.now();
        if (allDone && runs.finish(run.id(), RunStatus.COMPLETED, now)) {
            LOG.infof("run transition runId=%s from=%s to=%s", run.id(), RunStatus.RUNNING.code(),
                    RunStatus.COMPLETED.code());
            events.publish(new RunEvent.RunFinished(run.id(), RunStatus.COMPLETED.code(), now));
            return true;
        }
        return false;
    }

    private void handOut(Run run, Suite suite, BoardTask ready) {
        Architecture architecture = Architecture.byName(run.architecture()).orElseThrow();
        switch (architecture) {
            case PREASSIGNED -> claimFor(run, suite, ready, ready.assignee());
            // Not accepted by RunService yet; a READY task of such a run stays on the board.
            case DECENTRALIZED, LEAD, QUEUE, DYNAMIC -> LOG.warnf("no hand-out for architecture=%s runId=%s taskId=%s",
                    architecture.wireName(), run.id(), ready.taskId());
        }
    }

    private void claimFor(Run run, Suite suite, BoardTask ready, String agent) {
        Instant now = Instant.now();
        if (!board.apply(ready.claimBy(agent), now)) {
            return;
        }
        events.publish(new TaskEvent.TaskClaimed(run.id(), ready.taskId(), agent, now));
        TaskSpec spec = SuiteCatalog.task(suite, ready.taskId());
        List<String> dependencyFiles = spec.dependencies().stream()
                .flatMap(dep -> SuiteCatalog.task(suite, dep).files().stream()).distinct().toList();
        events.publish(new InboxMessage.Assignment(run.id(), agent, suite.id(), spec, dependencyFiles, run.model(),
                Instant.now()));
        LOG.infof("assignment sent runId=%s taskId=%s agentId=%s", run.id(), ready.taskId(), agent);
    }
}
