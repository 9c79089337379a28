package io.troupe.metrics.runs;

import io.troupe.protocol.events.AgentEvent.TaskAbandoned;
import io.troupe.protocol.events.AgentEvent.ToolCalled;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.InboxMessage.Assignment;
import io.troupe.protocol.events.RunEvent.RunFinished;
import io.troupe.protocol.events.RunEvent.RunStarted;
import io.troupe.protocol.events.TaskEvent.TaskClaimBlocked;
import io.troupe.protocol.events.TaskEvent.TaskClaimConflict;
import io.troupe.protocol.events.TaskEvent.TaskClaimed;
import io.troupe.protocol.events.TaskEvent.TaskDone;
import io.troupe.protocol.events.TaskEvent.TaskFailed;
import io.troupe.protocol.events.TaskEvent.TaskLeaseExpired;
import io.troupe.protocol.events.TaskEvent.TaskLeaseStale;
import io.troupe.protocol.events.TaskEvent.TaskReady;
import io.troupe.protocol.events.TroupeEvent;
import io.troupe.protocol.events.WorkspaceEvent.ConcurrentWrite;
import io.troupe.protocol.events.WorkspaceEvent.FileDeleted;
import io.troupe.protocol.events.WorkspaceEvent.FileOverwritten;
import io.troupe.protocol.events.WorkspaceEvent.FileWritten;
import io.troupe.protocol.events.WorkspaceEvent.TestRunCompleted;
import io.troupe.protocol.events.WorkspaceEvent.WriteConflict;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The metrics of one run, folded from its events in whatever order the four topics deliver
 * them. Applying an event twice (same CloudEvents id) changes nothing, so redelivery after a
 * consumer restart is harmless. Thread-safe: the topics are consumed concurrently.
 */
public final class RunMetrics {
    /** Status of a run whose {@code RunFinished} has not been seen. */
    public static final String RUNNING = "RUNNING";

    private final String runId;
    private final Set<String> seenEventIds = new HashSet<>();
    private final Set<String> doneTasks = new HashSet<>();
    private final Set<String> retriedTasks = new HashSet<>();
    private final Set<String> failedTasks = new HashSet<>();

    private RunStarted started;
    private RunFinished finished;
    private long turns;
    private long inputTokens;
    private long outputTokens;
    private long filesWritten;
    private long writeConflicts;
    private long overwrites;
    private long destroyedChars;
    private long concurrentWrites;
    private long testRuns;
    private long testRunsFailed;
    private long claimConflicts;
    private long blockedClaims;
    private long staleLeases;
    private long leaseExpiries;

    public RunMetrics(String runId) {
        this.runId = runId;
    }

    /**
     * Folds {@code event} into the metrics unless an event with {@code eventId} was applied
     * before; answers whether it was new.
     */
    public synchronized boolean apply(String eventId, TroupeEvent event) {
        if (!event.runId().equals(runId)) {
            throw new IllegalArgumentException("event of run " + event.runId() + " applied to run " + runId);
        }
        if (!seenEventIds.add(eventId)) {
            return false;
        }
        switch (event) {
            case RunStarted s -> started = s;
            case RunFinished f -> finished = f;
            case TaskReady ignored -> {
                // Board transitions before DONE carry no run-level metric yet.
            }
            case TaskClaimed ignored -> {
            }
            case TaskDone d -> doneTasks.add(d.taskId());
            case TaskClaimBlocked ignored -> blockedClaims++;
            case TaskClaimConflict ignored -> claimConflicts++;
            case TaskLeaseStale ignored -> staleLeases++;
            case TaskLeaseExpired e -> {
                leaseExpiries++;
                retriedTasks.add(e.taskId());
            }
            case TaskFailed f -> failedTasks.add(f.taskId());
            case TurnCompleted t -> {
                turns++;
                inputTokens += t.inputTokens();
                outputTokens += t.outputTokens();
            }
            case ToolCalled ignored -> {
                // Tool outcomes are not a run-level metric yet.
            }
            case TaskAbandoned ignored -> {
                // An abandoned task shows as one that never reached DONE.
            }
            case FileWritten ignored -> filesWritten++;
            case WriteConflict ignored -> writeConflicts++;
            case FileDeleted ignored -> {
                // A deletion is a version of the file but not a write of content.
            }
            case FileOverwritten o -> {
                overwrites++;
                destroyedChars += o.destroyedChars();
            }
            case ConcurrentWrite ignored -> concurrentWrites++;
            case TestRunCompleted t -> {
                testRuns++;
                if (failed(t)) {
                    testRunsFailed++;
                }
            }
            case Assignment ignored -> {
                // Inbox traffic is not on the topics this service reads.
            }
        }
        return true;
    }

    private static boolean failed(TestRunCompleted t) {
        return t.failed() + t.errors() > 0 || t.exitCode() != 0 || t.timedOut();
    }

    /** A consistent snapshot of the metrics as they are now. */
    public synchronized RunMetricsView view() {
        Instant startedAt = started == null ? null : started.at();
        Instant finishedAt = finished == null ? null : finished.at();
        Double makespan = startedAt == null || finishedAt == null ? null
                : Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
        Double amdahl = started == null ? null : amdahlBound(started.parallelFraction(), started.agents());
        return new RunMetricsView(
                runId,
                started == null ? null : started.experimentId(),
                started == null ? null : started.suiteId(),
                started == null ? null : started.architecture(),
                started == null ? null : started.agents(),
                finished == null ? RUNNING : finished.status(),
                startedAt,
                finishedAt,
                makespan,
                started == null ? null : started.taskCount(),
                started == null ? null : started.criticalPath(),
                started == null ? null : started.parallelFraction(),
                amdahl,
                doneTasks.size(),
                turns,
                inputTokens,
                outputTokens,
                filesWritten,
                writeConflicts,
                overwrites,
                destroyedChars,
                concurrentWrites,
                testRuns,
                testRunsFailed,
                claimConflicts,
                blockedClaims,
                staleLeases,
                leaseExpiries,
                retriedTasks.size(),
                failedTasks.size());
    }

    /** Amdahl's bound on the speedup of {@code n} agents at parallel fraction {@code p}. */
    static double amdahlBound(double p, int n) {
        return n <= 0 ? 1.0 : 1.0 / ((1 - p) + p / n);
    }

    public String runId() {
        return runId;
    }
}
