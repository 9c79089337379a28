package io.troupe.coordinator.runs;

import io.troupe.coordinator.BoardTask;
import io.troupe.coordinator.Run;
import io.troupe.coordinator.RunStatus;
import io.troupe.coordinator.TaskState;
import io.troupe.coordinator.architecture.Architecture;
import io.troupe.coordinator.board.RunStore;
import io.troupe.coordinator.board.TaskBoard;
import io.troupe.coordinator.config.CoordinatorConfig;
import io.troupe.coordinator.events.EventPublisher;
import io.troupe.protocol.events.TaskEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Offers again the READY tasks of {@code queue} runs that no agent took within
 * {@code troupe.board.requeue-after}: their record may never have reached the topic (the broker was
 * down when the task became READY, or the coordinator died between the two), or was archived by the
 * share group after too many deliveries. A duplicate offer is harmless: an agent that takes the record
 * of a task someone holds or finished drops it.
 */
@ApplicationScoped
public class QueueReconciler {
    private static final Logger LOG = Logger.getLogger(QueueReconciler.class);

    private final RunStore runs;
    private final TaskBoard board;
    private final EventPublisher events;
    private final CoordinatorConfig config;
    /** When each task (run/task) was last offered by this process. */
    private final Map<String, Instant> offeredAt = new ConcurrentHashMap<>();

    public QueueReconciler(RunStore runs, TaskBoard board, EventPublisher events, CoordinatorConfig config) {
        this.runs = runs;
        this.board = board;
        this.events = events;
        this.config = config;
    }

    /** Offers again every READY task of a running queue run that waited too long; how many were offered. */
    public int reconcile(Instant now) {
        int offered = 0;
        Set<String> waiting = new HashSet<>();
        for (Run run : runs.withStatus(RunStatus.RUNNING)) {
            if (Architecture.byName(run.architecture()).orElse(null) != Architecture.QUEUE) {
                continue;
            }
            for (BoardTask task : board.tasks(run.id())) {
                if (task.state() != TaskState.READY) {
                    continue;
                }
                String key = run.id() + "/" + task.taskId();
                waiting.add(key);
                Instant last = offeredAt.get(key);
                if (last == null) {
                    // A run on its own clock stamps the board ahead of the wall: wait from when this
                    // process first saw the task READY, in wall time like the offer's loss it recovers.
                    last = run.settings().onRunClock() ? now : task.updatedAt();
                    offeredAt.put(key, last);
                }
                if (last.plus(config.board().requeueAfter()).isAfter(now)) {
                    continue;
                }
                events.offer(new TaskEvent.TaskReady(run.id(), task.taskId(), now));
                offeredAt.put(key, now);
                offered++;
                LOG.infof("task offered again runId=%s taskId=%s readySince=%s (no agent took it within %s)",
                        run.id(), task.taskId(), task.updatedAt(), config.board().requeueAfter());
            }
        }
        offeredAt.keySet().retainAll(waiting);
        return offered;
    }
}
