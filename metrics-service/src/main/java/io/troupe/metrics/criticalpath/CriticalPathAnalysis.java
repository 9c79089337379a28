package io.troupe.metrics.criticalpath;

import io.troupe.metrics.criticalpath.CriticalPath.Breakdown;
import io.troupe.metrics.criticalpath.CriticalPath.Kind;
import io.troupe.metrics.criticalpath.CriticalPath.Segment;
import io.troupe.metrics.criticalpath.CriticalPath.Step;
import io.troupe.metrics.criticalpath.CriticalPath.WaitedFor;
import io.troupe.metrics.runs.RunMetrics;
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
import io.troupe.protocol.suite.Dag;
import io.troupe.protocol.suite.TaskSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * Rebuilds a run's critical path from its events. From the run's end it walks back: the task that
 * finished last, then what that task waited for last before its claim (its latest-finishing
 * dependency, or its agent's previous task when the agent was busy longer), and so on to the
 * run's start. Each task's claimed-to-done stretch is split into conflict retries, LLM turns and
 * tool time; each gap before a claim into dependency wait (dependencies done, task not yet
 * released), queue wait (READY, not claimed), coordination (lead turns meanwhile) and other
 * (work lost with an expired lease). Pure: the same events give the same answer.
 */
public final class CriticalPathAnalysis {
    /** A queue wait at least this share of the makespan makes a step's {@code waitedFor} QUEUE. */
    static final double QUEUE_SHARE = 0.05;

    private final List<TroupeEvent> events;
    private RunStarted started;
    private RunFinished finished;
    private final Map<String, Instant> firstReady = new HashMap<>();
    private final Map<String, TaskDone> done = new HashMap<>();
    private final Map<String, List<TaskClaimed>> claims = new HashMap<>();
    private final Map<String, List<Interval>> lostLeases = new HashMap<>();
    private final List<TaskDone> completions = new ArrayList<>();
    private final List<Interval> turns = new ArrayList<>();
    private final List<Interval> conflicts = new ArrayList<>();

    /** A span of time of one agent (and task, for turns), in epoch milliseconds. */
    private record Interval(String agentId, String taskId, long from, long to) {
    }

    private CriticalPathAnalysis(List<TroupeEvent> events) {
        this.events = events.stream().sorted(Comparator.comparing(TroupeEvent::at)).toList();
    }

    /** The critical path of {@code runId} from its events, in any order. */
    public static CriticalPath of(String runId, List<TroupeEvent> events) {
        CriticalPathAnalysis analysis = new CriticalPathAnalysis(events);
        analysis.index();
        return analysis.walk(runId);
    }

    private void index() {
        List<WriteConflict> refused = new ArrayList<>();
        List<FileWritten> written = new ArrayList<>();
        for (TroupeEvent event : events) {
            switch (event) {
                case RunStarted s -> started = s;
                case RunFinished f -> finished = f;
                case TaskReady r -> firstReady.putIfAbsent(r.taskId(), r.at());
                case TaskClaimed c -> claims.computeIfAbsent(c.taskId(), t -> new ArrayList<>()).add(c);
                case TaskDone d -> {
                    done.put(d.taskId(), d);
                    completions.add(d);
                }
                case TaskLeaseExpired e -> lastClaim(e.taskId(), e.agentId(), e.at()).ifPresent(c ->
                        lostLeases.computeIfAbsent(e.taskId(), t -> new ArrayList<>())
                                .add(new Interval(e.agentId(), e.taskId(), millis(c.at()), millis(e.at()))));
                case TurnCompleted t -> turns.add(new Interval(t.agentId(), t.taskId(),
                        millis(t.at()) - t.latencyMillis(), millis(t.at())));
                case TestRunCompleted ignored -> {
                    // Test runs are tool time, like every part of a task's stretch that is no LLM call.
                }
                case WriteConflict c -> refused.add(c);
                case FileWritten w -> written.add(w);
                case TaskClaimBlocked ignored -> {
                    // A refused claim changes nothing on the board.
                }
                case TaskClaimConflict ignored -> {
                    // Lost claim races show as the winner's claim.
                }
                case TaskLeaseStale ignored -> {
                    // A stale renewal changes nothing on the board.
                }
                case TaskFailed ignored -> {
                    // A failed task never finishes, so it is on no chain.
                }
                case ToolCalled ignored -> {
                    // Tool calls carry no duration: their time is what a turn leaves between LLM calls.
                }
                case TaskAbandoned ignored -> {
                    // Shows as a task that was not completed by this agent.
                }
                case FileDeleted ignored -> {
                    // Not a write that ends a conflict retry.
                }
                case FileOverwritten ignored -> {
                    // Last writer wins: nothing waited.
                }
                case ConcurrentWrite ignored -> {
                    // Nothing waited.
                }
                case Assignment ignored -> {
                    // Inbox traffic is not on the topics the metrics service reads.
                }
                case io.troupe.protocol.events.InboxMessage.Message ignored -> {
                    // Inbox traffic is not on the topics the metrics service reads.
                }
                case io.troupe.protocol.events.AgentEvent.TurnStarted ignored -> {
                    // A turn's interval comes from its TurnCompleted (end and latency).
                }
                case io.troupe.protocol.events.AgentEvent.MessageSent ignored -> {
                    // Sending a message takes no time of its own: it is a tool call within a turn.
                }
                case io.troupe.protocol.events.AgentEvent.AgentBusy ignored -> {
                    // Work intervals come from claims and completions.
                }
                case io.troupe.protocol.events.AgentEvent.AgentIdle ignored -> {
                    // Work intervals come from claims and completions.
                }
                case io.troupe.protocol.events.AgentEvent.AgentHeartbeat ignored -> {
                    // Heartbeats are for recruiting, on their own topic.
                }
            }
        }
        for (WriteConflict c : refused) {
            // A conflict costs the time until the agent's next accepted write of the same file.
            long from = millis(c.at());
            written.stream()
                    .filter(w -> Objects.equals(w.agentId(), c.agentId()) && w.path().equals(c.path())
                            && !w.at().isBefore(c.at()))
                    .map(w -> millis(w.at()))
                    .min(Long::compare)
                    .ifPresent(to -> conflicts.add(new Interval(c.agentId(), null, from, to)));
        }
    }

    private Optional<TaskClaimed> lastClaim(String taskId, String agentId, Instant before) {
        return claims.getOrDefault(taskId, List.of()).stream()
                .filter(c -> Objects.equals(c.agentId(), agentId) && !c.at().isAfter(before))
                .max(Comparator.comparing(TaskClaimed::at));
    }

    private CriticalPath walk(String runId) {
        long t0 = started != null ? millis(started.at()) : events.isEmpty() ? 0 : millis(events.getFirst().at());
        long end = finished != null ? millis(finished.at()) : events.isEmpty() ? t0 : millis(events.getLast().at());
        String status = finished == null ? RunMetrics.RUNNING : finished.status();
        Map<String, List<String>> dependencies = started == null ? Map.of() : started.dependencies();
        List<String> dagPath = dagCriticalPath(dependencies);

        List<Segment> segments = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        TaskDone current = completions.stream().max(Comparator.comparing(TaskDone::at)).orElse(null);
        if (current == null) {
            add(segments, Kind.OTHER, null, null, t0, end, t0);
        } else {
            add(segments, Kind.COORDINATION, null, null, millis(current.at()), end, t0);
        }
        Set<String> visited = new HashSet<>();
        long makespanMillis = Math.max(0, end - t0);
        while (current != null && visited.add(current.taskId())) {
            String taskId = current.taskId();
            String agentId = current.agentId();
            long doneAt = millis(current.at());
            long claimedAt = lastClaim(taskId, agentId, current.at()).map(c -> millis(c.at())).orElse(doneAt);
            work(segments, taskId, agentId, claimedAt, doneAt, t0);

            TaskDone dependency = dependencies.getOrDefault(taskId, List.of()).stream()
                    .map(done::get).filter(Objects::nonNull)
                    .filter(d -> millis(d.at()) <= claimedAt)
                    .max(Comparator.comparing(TaskDone::at)).orElse(null);
            TaskDone previous = completions.stream()
                    .filter(d -> Objects.equals(d.agentId(), agentId) && !d.taskId().equals(taskId)
                            && millis(d.at()) <= claimedAt && !visited.contains(d.taskId()))
                    .max(Comparator.comparing(TaskDone::at)).orElse(null);
            // The agent held the task up only if it was still busy once the task was READY.
            Instant readyAt = firstReady.get(taskId);
            boolean agentBusy = previous != null && (readyAt == null || previous.at().isAfter(readyAt))
                    && (dependency == null || previous.at().isAfter(dependency.at()));
            TaskDone before;
            WaitedFor waitedFor;
            if (dependency != null && !agentBusy) {
                before = dependency;
                waitedFor = WaitedFor.DEPENDENCY;
            } else if (agentBusy) {
                before = previous;
                waitedFor = WaitedFor.AGENT;
            } else {
                before = null;
                waitedFor = WaitedFor.START;
            }
            long gapFrom = Math.max(t0, before == null ? t0 : millis(before.at()));
            Instant ready = readyAt;
            long released = ready == null ? gapFrom : millis(ready);
            long queued = gap(segments, taskId, agentId, gapFrom, claimedAt, released, t0);
            if (makespanMillis > 0 && queued >= QUEUE_SHARE * makespanMillis) {
                waitedFor = WaitedFor.QUEUE;
            }
            steps.add(new Step(taskId, agentId, waitedFor, before == null ? null : before.taskId(),
                    ready == null ? null : seconds(millis(ready), t0), seconds(claimedAt, t0), seconds(doneAt, t0)));
            current = before;
        }
        Collections.reverse(steps);
        segments.sort(Comparator.comparingDouble(Segment::fromSeconds));

        List<String> chain = steps.stream().map(Step::taskId).toList();
        boolean matches = !chain.isEmpty() && chain.size() == dagPath.size() && isDagChain(chain, dependencies);
        return new CriticalPath(runId, status, seconds(end, t0), steps, breakdown(segments), segments, dagPath,
                matches, differences(steps, dagPath, dependencies, matches), null, null);
    }

    /**
     * Splits a task's claimed-to-done stretch: conflict retries first (they include the turns spent
     * redoing the write), then the agent's LLM turns; the rest is tool time (test runs, file reads
     * and writes, the agent's own loop).
     */
    private void work(List<Segment> out, String taskId, String agentId, long from, long to, long t0) {
        List<Interval> retries = ofAgent(conflicts, agentId);
        List<Interval> llm = ofAgent(turns, agentId);
        classify(out, taskId, agentId, from, to, t0, at -> covers(retries, at) ? Kind.CONFLICT_RETRY
                : covers(llm, at) ? Kind.LLM : Kind.TOOL);
    }

    /**
     * Splits the wait before a claim: lost leases of the task are OTHER, lead turns (turns for no
     * task) COORDINATION, the time before the task's release DEPENDENCY_WAIT, the rest QUEUE_WAIT.
     * Answers the queue wait in milliseconds.
     */
    private long gap(List<Segment> out, String taskId, String agentId, long from, long to, long ready, long t0) {
        List<Interval> lost = lostLeases.getOrDefault(taskId, List.of());
        List<Interval> lead = turns.stream().filter(t -> t.taskId() == null || t.taskId().isBlank()).toList();
        int before = out.size();
        classify(out, taskId, agentId, from, to, t0, at -> covers(lost, at) ? Kind.OTHER
                : covers(lead, at) ? Kind.COORDINATION : at < ready ? Kind.DEPENDENCY_WAIT : Kind.QUEUE_WAIT);
        return Math.round(out.subList(before, out.size()).stream().filter(s -> s.kind() == Kind.QUEUE_WAIT)
                .mapToDouble(s -> (s.toSeconds() - s.fromSeconds()) * 1000).sum());
    }

    /**
     * Cuts [from, to) at every interval boundary and the task's release, names each piece by its
     * midpoint, and merges neighbours of the same kind.
     */
    private void classify(List<Segment> out, String taskId, String agentId, long from, long to, long t0,
                          LongFunction<Kind> kindAt) {
        if (to <= from) {
            return;
        }
        TreeSet<Long> cuts = new TreeSet<>(List.of(from, to));
        Stream.of(conflicts, turns, lostLeases.values().stream().flatMap(List::stream).toList())
                .flatMap(List::stream)
                .forEach(i -> {
                    if (i.from() > from && i.from() < to) {
                        cuts.add(i.from());
                    }
                    if (i.to() > from && i.to() < to) {
                        cuts.add(i.to());
                    }
                });
        Instant ready = firstReady.get(taskId);
        if (ready != null && millis(ready) > from && millis(ready) < to) {
            cuts.add(millis(ready));
        }
        Long previous = null;
        Kind open = null;
        long openFrom = from;
        for (long cut : cuts) {
            if (previous != null) {
                Kind kind = kindAt.apply(previous + (cut - previous) / 2);
                if (open != null && kind != open) {
                    add(out, open, taskId, agentId, openFrom, previous, t0);
                    openFrom = previous;
                }
                open = kind;
            }
            previous = cut;
        }
        add(out, open, taskId, agentId, openFrom, to, t0);
    }

    private static List<Interval> ofAgent(List<Interval> all, String agentId) {
        return all.stream().filter(i -> Objects.equals(i.agentId(), agentId)).toList();
    }

    private static boolean covers(List<Interval> intervals, long at) {
        return intervals.stream().anyMatch(i -> i.from() <= at && at < i.to());
    }

    private static void add(List<Segment> out, Kind kind, String taskId, String agentId, long from, long to, long t0) {
        if (kind != null && to > from) {
            out.add(new Segment(kind, taskId, agentId, seconds(from, t0), seconds(to, t0)));
        }
    }

    private static Breakdown breakdown(List<Segment> segments) {
        Map<Kind, Double> total = new EnumMap<>(Kind.class);
        segments.forEach(s -> total.merge(s.kind(), s.toSeconds() - s.fromSeconds(), Double::sum));
        return new Breakdown(total.getOrDefault(Kind.LLM, 0.0), total.getOrDefault(Kind.TOOL, 0.0),
                total.getOrDefault(Kind.QUEUE_WAIT, 0.0), total.getOrDefault(Kind.DEPENDENCY_WAIT, 0.0),
                total.getOrDefault(Kind.CONFLICT_RETRY, 0.0), total.getOrDefault(Kind.COORDINATION, 0.0),
                total.getOrDefault(Kind.OTHER, 0.0));
    }

    private static List<String> dagCriticalPath(Map<String, List<String>> dependencies) {
        if (dependencies.isEmpty()) {
            return List.of();
        }
        List<TaskSpec> tasks = new ArrayList<>();
        dependencies.forEach((id, deps) -> tasks.add(new TaskSpec(id, id, "", deps, List.of(), List.of())));
        return Dag.of(tasks).criticalPath();
    }

    private static boolean isDagChain(List<String> chain, Map<String, List<String>> dependencies) {
        if (!dependencies.getOrDefault(chain.getFirst(), List.of()).isEmpty()) {
            return false;
        }
        for (int i = 1; i < chain.size(); i++) {
            if (!dependencies.getOrDefault(chain.get(i), List.of()).contains(chain.get(i - 1))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> differences(List<Step> steps, List<String> dagPath,
                                            Map<String, List<String>> dependencies, boolean matches) {
        List<String> notes = new ArrayList<>();
        if (dependencies.isEmpty()) {
            notes.add("the run's start did not carry the DAG's edges, so the chain follows agents and the queue only");
        }
        for (Step step : steps) {
            switch (step.waitedFor()) {
                case AGENT -> notes.add(step.taskId() + " waited for " + step.agentId() + " to finish " + step.after()
                        + " (agent availability, not a dependency)");
                case QUEUE -> notes.add(step.taskId() + " sat in the queue: READY and its agent free, unclaimed "
                        + "for a while before " + step.agentId() + " claimed it");
                case START, DEPENDENCY -> {
                    // The DAG's own reasons.
                }
            }
        }
        List<String> chain = steps.stream().map(Step::taskId).toList();
        if (!dagPath.isEmpty() && !chain.equals(dagPath)) {
            List<String> off = dagPath.stream().filter(t -> !chain.contains(t)).toList();
            List<String> extra = chain.stream().filter(t -> !dagPath.contains(t)).toList();
            String dag = "the DAG's critical path " + dagPath.size() + " (" + String.join(" → ", dagPath) + ")";
            if (matches) {
                notes.add("the observed chain is a chain of the DAG as long as " + dag + ", through "
                        + String.join(", ", extra) + " instead of " + String.join(", ", off));
            } else {
                notes.add("the observed chain has " + chain.size() + " tasks, " + dag
                        + (off.isEmpty() ? "" : "; off the observed chain: " + String.join(", ", off)));
            }
        }
        return notes;
    }

    private static long millis(Instant at) {
        return at.toEpochMilli();
    }

    private static double seconds(long at, long t0) {
        return (at - t0) / 1000.0;
    }
}
