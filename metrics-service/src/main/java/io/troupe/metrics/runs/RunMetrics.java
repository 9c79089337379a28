package io.troupe.metrics.runs;

import io.troupe.protocol.events.AgentEvent.AgentHeartbeat;
import io.troupe.protocol.events.AgentEvent.TaskAbandoned;
import io.troupe.protocol.events.AgentEvent.ToolCalled;
import io.troupe.protocol.events.AgentEvent.TurnCompleted;
import io.troupe.protocol.events.AgentEvent;
import io.troupe.protocol.events.InboxMessage;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
    private long latencyMillisTotal;
    private long latencyMillisMax;
    private final Map<String, AgentTally> agents = new TreeMap<>();
    private final Map<String, long[]> tokensByModel = new HashMap<>();
    private final List<TaskSpanEnd> claims = new ArrayList<>();
    private final List<TaskSpanEnd> completions = new ArrayList<>();

    /** Counters of one agent. */
    private static final class AgentTally {
        long turns;
        long inputTokens;
        long outputTokens;
        long testRunsFailed;
    }

    /** A claim or a completion of a task by an agent: the ends of the agent's busy spans. */
    private record TaskSpanEnd(String taskId, String agentId, Instant at) {
    }

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
            case TaskClaimed c -> {
                claims.add(new TaskSpanEnd(c.taskId(), c.agentId(), c.at()));
                agent(c.agentId());
            }
            case TaskDone d -> {
                doneTasks.add(d.taskId());
                completions.add(new TaskSpanEnd(d.taskId(), d.agentId(), d.at()));
                agent(d.agentId());
            }
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
                latencyMillisTotal += t.latencyMillis();
                latencyMillisMax = Math.max(latencyMillisMax, t.latencyMillis());
                AgentTally a = agent(t.agentId());
                a.turns++;
                a.inputTokens += t.inputTokens();
                a.outputTokens += t.outputTokens();
                long[] byModel = tokensByModel.computeIfAbsent(String.valueOf(t.model()), m -> new long[2]);
                byModel[0] += t.inputTokens();
                byModel[1] += t.outputTokens();
            }
            case ToolCalled ignored -> {
                // Tool outcomes are not a run-level metric yet.
            }
            case TaskAbandoned ignored -> {
                // An abandoned task shows as one that never reached DONE.
            }
            case AgentHeartbeat ignored -> {
                // Heartbeats go to troupe.agent-heartbeats, for the coordinator's recruiting.
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
                    agent(t.agentId()).testRunsFailed++;
                }
            }
            case Assignment ignored -> {
                // Inbox traffic is not on the topics this service reads.
            }
            case InboxMessage.Message ignored -> {
                // Likewise; a message sent is counted from its MessageSent.
            }
            case AgentEvent.MessageSent ignored -> {
                // Not a run metric yet.
            }
            case AgentEvent.TurnStarted ignored -> {
                // A turn is counted once it completed.
            }
            case AgentEvent.AgentBusy ignored -> {
                // Busy time comes from claims and completions.
            }
            case AgentEvent.AgentIdle ignored -> {
                // Likewise.
            }
        }
        return true;
    }

    private static boolean failed(TestRunCompleted t) {
        return t.failed() + t.errors() > 0 || t.exitCode() != 0 || t.timedOut();
    }

    private AgentTally agent(String agentId) {
        return agents.computeIfAbsent(String.valueOf(agentId), a -> new AgentTally());
    }

    /** A consistent snapshot of the metrics as they are now, without prices (cost only for simulated models). */
    public RunMetricsView view() {
        return view(Prices.none());
    }

    /**
     * A consistent snapshot of the metrics as they are now, the cost priced with {@code prices}.
     * Speedup and token multiplier need the run's n = 1 peers: {@link RunMetricsStore} adds them.
     */
    public synchronized RunMetricsView view(Prices prices) {
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
                failedTasks.size(),
                perAgent(makespan),
                turns == 0 ? null : (latencyMillisMax - (double) latencyMillisTotal / turns) / 1000.0,
                cost(prices),
                null,
                null);
    }

    private Map<String, AgentMetrics> perAgent(Double makespan) {
        Map<String, Double> busy = new HashMap<>();
        Map<String, Integer> done = new HashMap<>();
        for (TaskSpanEnd end : completions) {
            // The span starts at this agent's last claim of the task before it completed it.
            claims.stream()
                    .filter(c -> c.taskId().equals(end.taskId()) && c.agentId().equals(end.agentId())
                            && !c.at().isAfter(end.at()))
                    .map(TaskSpanEnd::at)
                    .max(Instant::compareTo)
                    .ifPresent(claimed -> busy.merge(end.agentId(),
                            Duration.between(claimed, end.at()).toMillis() / 1000.0, Double::sum));
            done.merge(end.agentId(), 1, Integer::sum);
        }
        Map<String, AgentMetrics> result = new TreeMap<>();
        agents.forEach((id, a) -> {
            double busySeconds = busy.getOrDefault(id, 0.0);
            Double idle = makespan == null || makespan <= 0 ? null
                    : Math.max(0.0, Math.min(1.0, 1 - busySeconds / makespan));
            result.put(id, new AgentMetrics(a.turns, a.inputTokens, a.outputTokens, a.testRunsFailed,
                    done.getOrDefault(id, 0), busySeconds, idle));
        });
        return result;
    }

    private Double cost(Prices prices) {
        double total = 0;
        for (Map.Entry<String, long[]> e : tokensByModel.entrySet()) {
            Double cost = prices.cost(e.getKey(), e.getValue()[0], e.getValue()[1]);
            if (cost == null) {
                return null;
            }
            total += cost;
        }
        return total;
    }

    /** Amdahl's bound on the speedup of {@code n} agents at parallel fraction {@code p}. */
    static double amdahlBound(double p, int n) {
        return n <= 0 ? 1.0 : 1.0 / ((1 - p) + p / n);
    }

    public String runId() {
        return runId;
    }
}
