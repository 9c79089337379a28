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
import io.troupe.protocol.suite.Bounds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * The concurrent window of the paper's {@code concurrent_writes} for Troupe's event-driven runs, which
     * have no rounds: writes of one path that fall within this long of the first write of their window
     * count as one round's writes. The same as the workspace's {@code troupe.workspace.concurrent-window}
     * default, so that a window with two agents is also what the workspace calls a concurrent write.
     */
    public static final Duration CONCURRENT_WINDOW = Duration.ofSeconds(2);

    private final String runId;
    private final Set<String> seenEventIds = new HashSet<>();
    private final Set<String> doneTasks = new HashSet<>();
    private final Set<String> expiredTasks = new HashSet<>();
    private final Map<String, Integer> claimsPerTask = new HashMap<>();
    private final Set<String> failedTasks = new HashSet<>();

    private RunStarted started;
    private RunFinished finished;
    private long turns;
    private long inputTokens;
    private long outputTokens;
    private long filesWritten;
    private long rewrites;
    private long messages;
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
    private final Map<String, AgentTally> agents = new TreeMap<>();
    private final Map<String, long[]> tokensByModel = new HashMap<>();
    private final List<TaskSpanEnd> claims = new ArrayList<>();
    private final List<TaskSpanEnd> completions = new ArrayList<>();
    private final List<Turn> turnList = new ArrayList<>();
    private final List<Version> versions = new ArrayList<>();

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

    /** One LLM call: it ended at {@code end} after {@code latencyMillis}. */
    private record Turn(String agentId, String taskId, Instant end, long latencyMillis) {
        Instant start() {
            return end.minusMillis(latencyMillis);
        }
    }

    /** A version of a file: a write, or a deletion's tombstone. */
    private record Version(String path, long version, String agentId, Instant at, boolean deleted) {
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
                claimsPerTask.merge(c.taskId(), 1, Integer::sum);
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
                expiredTasks.add(e.taskId());
            }
            case TaskFailed f -> failedTasks.add(f.taskId());
            case TurnCompleted t -> {
                turns++;
                inputTokens += t.inputTokens();
                outputTokens += t.outputTokens();
                turnList.add(new Turn(String.valueOf(t.agentId()), t.taskId(), t.at(), t.latencyMillis()));
                AgentTally a = agent(t.agentId());
                a.turns++;
                a.inputTokens += t.inputTokens();
                a.outputTokens += t.outputTokens();
                long[] byModel = tokensByModel.computeIfAbsent(String.valueOf(t.model()), m -> new long[2]);
                byModel[0] += t.inputTokens();
                byModel[1] += t.outputTokens();
            }
            case ToolCalled ignored -> {
                // Tool outcomes are not a run-level metric yet; a sent message has its own event.
            }
            case TaskAbandoned ignored -> {
                // An abandoned task shows as one that never reached DONE.
            }
            case AgentHeartbeat ignored -> {
                // Heartbeats go to troupe.agent-heartbeats, for the coordinator's recruiting.
            }
            case FileWritten w -> {
                filesWritten++;
                // The workspace's definition (GET /api/runs/{run}/accounting): any non-deleting version after
                // a file's first.
                if (w.version() > 1) {
                    rewrites++;
                }
                versions.add(new Version(w.path(), w.version(), String.valueOf(w.agentId()), w.at(), false));
            }
            case WriteConflict ignored -> writeConflicts++;
            case FileDeleted d ->
                // A deletion is a version of the file but not a write of content; its author matters to
                // whether the next write is a cross-agent rewrite.
                    versions.add(new Version(d.path(), d.version(), String.valueOf(d.agentId()), d.at(), true));
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
            case AgentEvent.MessageSent ignored -> messages++;
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
        Double amdahl = started == null ? null : Bounds.amdahl(started.parallelFraction(), started.agents());
        Double limit = started == null || started.agents() <= 0 ? null
                : Bounds.speedupLimit(started.taskCount(), started.criticalPath(), started.agents());
        List<WorkSpan> spans = workSpans();
        Map<String, Double> taskSeconds = taskSeconds(spans);
        Double work = taskSeconds.isEmpty() ? null : Bounds.totalWork(taskSeconds);
        Double lowerBound = makespanLowerBound(taskSeconds);
        Double criticalPathSeconds = started == null || taskSeconds.isEmpty() ? null
                : Bounds.weightedCriticalPath(started.dependencies(), taskSeconds);
        Double taskTimeLimit = work == null || lowerBound == null || lowerBound <= 0 ? null : work / lowerBound;
        Double efficiency = lowerBound == null || makespan == null || makespan <= 0 ? null : lowerBound / makespan;
        return new RunMetricsView(
                runId,
                started == null ? null : started.experimentId(),
                started == null ? null : started.suiteId(),
                started == null ? null : started.architecture(),
                started == null ? null : started.agents(),
                started == null ? null : started.seed(),
                finished == null ? RUNNING : finished.status(),
                startedAt,
                finishedAt,
                makespan,
                started == null ? null : started.taskCount(),
                started == null ? null : started.criticalPath(),
                started == null ? null : started.parallelFraction(),
                amdahl,
                limit,
                criticalPathSeconds,
                lowerBound,
                work,
                taskTimeLimit,
                efficiency,
                doneTasks.size(),
                turns,
                inputTokens,
                outputTokens,
                messages,
                filesWritten,
                rewrites,
                writeConflicts,
                overwrites,
                destroyedChars,
                concurrentWrites,
                paperConcurrentWrites(versions),
                crossAgentRewrites(versions),
                testRuns,
                testRunsFailed,
                claimConflicts,
                blockedClaims,
                staleLeases,
                leaseExpiries,
                retriedTasks(),
                failedTasks.size(),
                perAgent(makespan, spans),
                stragglerGap(turnList),
                cost(prices),
                null,
                null);
    }

    /**
     * The paper's {@code concurrent_writes}: the (round, path) pairs in which two or more agents wrote the path
     * (see {@code PaperDefinitionsTest} for the query over its logs that fixes this definition). Troupe's runs
     * have no rounds, so each path's writes are taken in order of time and a window opens with the first write
     * not yet in one and holds every later write of the path within {@link #CONCURRENT_WINDOW} of it; each
     * window of writes by two or more agents counts once, however many writes it holds.
     */
    private static long paperConcurrentWrites(List<Version> versions) {
        Map<String, List<Version>> byPath = new HashMap<>();
        versions.stream().filter(v -> !v.deleted())
                .forEach(v -> byPath.computeIfAbsent(v.path(), p -> new ArrayList<>()).add(v));
        long windows = 0;
        for (List<Version> writes : byPath.values()) {
            writes.sort(Comparator.comparing(Version::at).thenComparingLong(Version::version));
            int i = 0;
            while (i < writes.size()) {
                Instant closes = writes.get(i).at().plus(CONCURRENT_WINDOW);
                Set<String> writers = new HashSet<>();
                int j = i;
                while (j < writes.size() && !writes.get(j).at().isAfter(closes)) {
                    writers.add(writes.get(j).agentId());
                    j++;
                }
                if (writers.size() >= 2) {
                    windows++;
                }
                i = j;
            }
        }
        return windows;
    }

    /**
     * Cross-agent rewrites: written versions whose preceding version of the path (a write or a deletion) is by
     * another agent, that is rewrites of a teammate's work. A version whose predecessor was not seen is not
     * counted. The paper's logs give the same count as edits of a path whose previous edit in the run was by
     * another agent ({@code PaperDefinitionsTest}).
     */
    private static long crossAgentRewrites(List<Version> versions) {
        Map<String, Map<Long, String>> authors = new HashMap<>();
        versions.forEach(v -> authors.computeIfAbsent(v.path(), p -> new HashMap<>()).put(v.version(), v.agentId()));
        return versions.stream().filter(v -> !v.deleted() && v.version() > 1)
                .filter(v -> {
                    String previous = authors.get(v.path()).get(v.version() - 1);
                    return previous != null && !previous.equals(v.agentId());
                })
                .count();
    }

    /** Tasks that went back to the board at least once: a lease of theirs expired, or they were claimed again. */
    private int retriedTasks() {
        Set<String> retried = new HashSet<>(expiredTasks);
        claimsPerTask.forEach((task, n) -> {
            if (n > 1) {
                retried.add(task);
            }
        });
        return retried.size();
    }

    /** The time an agent worked on a task it completed. */
    private record WorkSpan(String agentId, String taskId, Instant start, Instant end) {
        double seconds() {
            return Duration.between(start, end).toMillis() / 1000.0;
        }
    }

    /**
     * One span per completed task: from when its completing agent started on it to its {@code TaskDone}.
     * The start is the agent's last claim of the task before the completion, or, if later, the start of the
     * agent's first turn on it after that claim: a preassigned agent's tasks are claimed for it when they
     * are handed out, and wait in its queue until it gets to them.
     */
    private List<WorkSpan> workSpans() {
        List<WorkSpan> spans = new ArrayList<>();
        for (TaskSpanEnd end : completions) {
            Instant claimed = claims.stream()
                    .filter(c -> c.taskId().equals(end.taskId()) && c.agentId().equals(end.agentId())
                            && !c.at().isAfter(end.at()))
                    .map(TaskSpanEnd::at)
                    .max(Instant::compareTo)
                    .orElse(null);
            if (claimed == null) {
                continue;
            }
            Instant firstTurn = turnList.stream()
                    .filter(t -> end.agentId().equals(t.agentId()) && end.taskId().equals(t.taskId())
                            && !t.end().isBefore(claimed) && !t.end().isAfter(end.at()))
                    .map(Turn::start)
                    .min(Instant::compareTo)
                    .orElse(claimed);
            Instant start = firstTurn.isAfter(claimed) ? firstTurn : claimed;
            spans.add(new WorkSpan(end.agentId(), end.taskId(), start, end.at()));
        }
        return spans;
    }

    /** Each completed task's time (its last completion's work span), in seconds. */
    private static Map<String, Double> taskSeconds(List<WorkSpan> spans) {
        Map<String, Double> seconds = new HashMap<>();
        spans.stream().sorted(Comparator.comparing(WorkSpan::end)).forEach(s -> seconds.put(s.taskId(), s.seconds()));
        return seconds;
    }

    /**
     * The makespan lower bound from the run's actual task times, {@code max(critical path of the task times,
     * work / n)} over the DAG of its {@code RunStarted} (see {@link Bounds#makespanLowerBound}); null until a
     * task was done.
     */
    private Double makespanLowerBound(Map<String, Double> taskSeconds) {
        if (started == null || taskSeconds.isEmpty() || started.agents() <= 0) {
            return null;
        }
        return Bounds.makespanLowerBound(started.dependencies(), taskSeconds, started.agents());
    }

    /**
     * The straggler gap, per concurrent window: the turns are taken in order of their start; a window opens
     * with the first turn not yet in one and holds every later turn that starts before that first turn ends
     * (so all of them ran at once with it). A window of turns by at least two agents has a gap of its slowest
     * turn's latency minus its mean turn latency; the run's gap is the mean gap of those windows, in seconds.
     * Null without such a window (one agent, or agents that never overlapped).
     */
    private static Double stragglerGap(List<Turn> turns) {
        List<Turn> byStart = turns.stream().sorted(Comparator.comparing(Turn::start)).toList();
        double gaps = 0;
        int windows = 0;
        int i = 0;
        while (i < byStart.size()) {
            Turn first = byStart.get(i);
            int j = i + 1;
            while (j < byStart.size() && byStart.get(j).start().isBefore(first.end())) {
                j++;
            }
            List<Turn> window = byStart.subList(i, j);
            if (window.stream().map(Turn::agentId).distinct().count() >= 2) {
                long max = window.stream().mapToLong(Turn::latencyMillis).max().orElseThrow();
                double mean = window.stream().mapToLong(Turn::latencyMillis).average().orElseThrow();
                gaps += (max - mean) / 1000.0;
                windows++;
            }
            i = j;
        }
        return windows == 0 ? null : gaps / windows;
    }

    /**
     * Each agent's busy time is the union of its work spans (see {@link #workSpans()}); its idle fraction
     * is {@code 1 - busy / makespan}. When agents report turn starts and idle periods as events of their
     * own, those give idle time directly and replace this reconstruction.
     */
    private Map<String, AgentMetrics> perAgent(Double makespan, List<WorkSpan> spans) {
        Map<String, List<WorkSpan>> byAgent = new HashMap<>();
        spans.forEach(s -> byAgent.computeIfAbsent(s.agentId(), a -> new ArrayList<>()).add(s));
        Map<String, Integer> done = new HashMap<>();
        completions.forEach(end -> done.merge(end.agentId(), 1, Integer::sum));
        Map<String, AgentMetrics> result = new TreeMap<>();
        agents.forEach((id, a) -> {
            double busySeconds = unionSeconds(byAgent.getOrDefault(id, List.of()));
            Double idle = makespan == null || makespan <= 0 ? null
                    : Math.max(0.0, Math.min(1.0, 1 - busySeconds / makespan));
            result.put(id, new AgentMetrics(a.turns, a.inputTokens, a.outputTokens, a.testRunsFailed,
                    done.getOrDefault(id, 0), busySeconds, idle));
        });
        return result;
    }

    /** The length of the union of {@code spans}, in seconds: overlapping spans are counted once. */
    private static double unionSeconds(List<WorkSpan> spans) {
        List<WorkSpan> sorted = spans.stream().sorted(Comparator.comparing(WorkSpan::start)).toList();
        long millis = 0;
        Instant coveredTo = null;
        for (WorkSpan s : sorted) {
            Instant from = coveredTo != null && coveredTo.isAfter(s.start()) ? coveredTo : s.start();
            if (s.end().isAfter(from)) {
                millis += Duration.between(from, s.end()).toMillis();
                coveredTo = s.end();
            }
        }
        return millis / 1000.0;
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

    public String runId() {
        return runId;
    }
}
