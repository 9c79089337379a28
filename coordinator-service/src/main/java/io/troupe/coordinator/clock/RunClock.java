package io.troupe.coordinator.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The clock of one simulated run, as a discrete-event simulator keeps time: it follows real time
 * while any real work of the run is in flight, and when every team member waits on a model timer
 * (or has nothing it could do) it jumps to the earliest timer and fires it.
 *
 * <p>Real work in flight is anything the clock cannot skip: a member that is WORKING (between a
 * fired timer, or the start of a task, and its next timer or its going idle: tool calls, test runs,
 * claims, completions), a task claimed for a member that has not started it while that member is
 * IDLE (an assignment on its way through the agent's inbox, or a claim just won), and, in runs whose
 * members take READY tasks themselves (decentralized, queue), a READY task while a member is IDLE.
 * A member becomes WORKING only by what the coordinator sees first (a fired timer, a claim of a task
 * for it), so the clock never jumps over work it has not been told of: being told late that a member
 * went idle only costs real time, never a wrong reading.
 *
 * <p>Thread-safe; the owner completes fired timers' futures outside its monitor (see {@link Tick}).
 */
public final class RunClock {

    /** What a team member is doing, as far as the clock is concerned. */
    public enum State { IDLE, WORKING, WAITING, LEFT }

    /** A model turn of {@code agentId} on {@code taskId}: done when the run's clock reaches {@code due}. */
    public record Timer(long id, String agentId, String taskId, Instant due, CompletableFuture<Instant> fired) {
    }

    /**
     * What a change of the clock requires of its owner, after the monitor is released: timers to fire
     * at the given reading, and the real delay until the clock must be looked at again (empty: no
     * timer is pending, or the clock ended).
     */
    public record Tick(List<Fired> fired, Optional<Duration> wakeUpIn) {
        static final Tick NONE = new Tick(List.of(), Optional.empty());

        /** Completes the fired timers' futures. */
        public void fire() {
            fired.forEach(f -> f.timer().fired().complete(f.at()));
        }
    }

    /** {@code timer} fired when the run's clock read {@code at}. */
    public record Fired(Timer timer, Instant at) {
    }

    private static final int RECENTLY_FIRED = 256;
    private static final Comparator<Timer> EARLIEST = Comparator.comparing(Timer::due).thenComparing(Timer::id);

    private final String runId;
    private final boolean membersTakeReadyTasks;
    private final LongSupplier nanos;
    private Instant base;
    private long anchor;
    private long nextTimerId = 1;
    private boolean ended;
    private final Map<String, State> members = new LinkedHashMap<>();
    private final Map<String, Instant> lastFired = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(EARLIEST);
    /** Pending timers and the last fired ones (an agent re-polling a fired timer learns of it). */
    private final Map<Long, Timer> timersById = new LinkedHashMap<>();
    private final java.util.ArrayDeque<Long> firedIds = new java.util.ArrayDeque<>();
    private final Set<String> ready = new HashSet<>();
    /** Task id to the member it is claimed for, until that member starts it. */
    private final Map<String, String> owed = new HashMap<>();

    /**
     * A clock reading {@code start} now, for a team of {@code members} (all IDLE); {@code
     * membersTakeReadyTasks} when idle members take READY tasks themselves; {@code nanos} is the
     * real monotonic time ({@link System#nanoTime} outside tests).
     */
    public RunClock(String runId, Instant start, Collection<String> members, boolean membersTakeReadyTasks,
                    LongSupplier nanos) {
        this.runId = runId;
        this.membersTakeReadyTasks = membersTakeReadyTasks;
        this.nanos = nanos;
        this.base = start;
        this.anchor = nanos.getAsLong();
        members.forEach(m -> this.members.put(m, State.IDLE));
    }

    public String runId() {
        return runId;
    }

    /** The run's time now. */
    public synchronized Instant now() {
        return base.plusNanos(nanos.getAsLong() - anchor);
    }

    public synchronized Map<String, State> members() {
        return Map.copyOf(members);
    }

    public synchronized int pendingTimers() {
        return timers.size();
    }

    public synchronized boolean ended() {
        return ended;
    }

    /**
     * {@code agentId} calls its model on {@code taskId} for {@code latency} of model time: it waits
     * until the clock has moved that far. Fails at once with {@link RunEndedException} if the run ended.
     */
    public synchronized Scheduled sleep(String agentId, String taskId, Duration latency) {
        if (ended) {
            Timer timer = new Timer(0, agentId, taskId, now(), new CompletableFuture<>());
            timer.fired().completeExceptionally(new RunEndedException(runId));
            return new Scheduled(timer, Tick.NONE);
        }
        Timer timer = new Timer(nextTimerId++, agentId, taskId, now().plus(latency), new CompletableFuture<>());
        members.put(agentId, State.WAITING);
        startedBy(taskId, agentId);
        timers.add(timer);
        timersById.put(timer.id(), timer);
        return new Scheduled(timer, advance());
    }

    /** A timer just scheduled, and what scheduling it requires of the owner. */
    public record Scheduled(Timer timer, Tick tick) {
    }

    /** The pending (or recently fired) timer with {@code id}, if this clock still knows it. */
    public synchronized Optional<Timer> timer(long id) {
        return Optional.ofNullable(timersById.get(id));
    }

    /** {@code agentId} starts work on {@code taskId} (real work: the clock follows real time). */
    public synchronized Instant working(String agentId, String taskId) {
        members.put(agentId, State.WORKING);
        startedBy(taskId, agentId);
        return now();
    }

    /** {@code agentId} has nothing to do; it gave up {@code abandoned} (their leases will run out). */
    public synchronized Tick idle(String agentId, Collection<String> abandoned) {
        if (members.get(agentId) != State.LEFT) {
            members.put(agentId, State.IDLE);
        }
        abandoned.forEach(task -> owed.remove(task, agentId));
        return advance();
    }

    /** {@code agentId} left the run (it crashed): it takes no more tasks, and its tasks are not owed. */
    public synchronized Tick left(String agentId) {
        members.put(agentId, State.LEFT);
        owed.values().removeIf(agentId::equals);
        return advance();
    }

    /** {@code taskId} became READY (its dependencies are done, or its lease ran out). */
    public synchronized Tick taskReady(String taskId) {
        owed.remove(taskId);
        ready.add(taskId);
        return advance();
    }

    /** {@code taskId} was claimed for (or by) {@code agentId}, which has yet to start it. */
    public synchronized Tick taskClaimed(String taskId, String agentId) {
        ready.remove(taskId);
        owed.put(taskId, agentId);
        return advance();
    }

    /** {@code taskId} is DONE or FAILED: nobody owes it any more. */
    public synchronized Tick taskEnded(String taskId) {
        ready.remove(taskId);
        owed.remove(taskId);
        return advance();
    }

    /**
     * Whether a lease of {@code agentId} of length {@code lease} may not run out now although its
     * expiry has passed on the run's clock: the agent waits on its model (a real agent would renew it
     * meanwhile), or its model answered so recently that it could not have renewed since the clock
     * jumped.
     */
    public synchronized boolean shields(String agentId, Duration lease) {
        if (members.get(agentId) == State.WAITING) {
            return true;
        }
        Instant fired = lastFired.get(agentId);
        return fired != null && fired.plus(lease).isAfter(now());
    }

    /** The run ended: every pending timer fails with {@link RunEndedException}, and no new one is kept. */
    public Tick end() {
        List<Timer> pending;
        synchronized (this) {
            if (ended) {
                return Tick.NONE;
            }
            ended = true;
            pending = new ArrayList<>(timers);
            timers.clear();
        }
        pending.forEach(t -> t.fired().completeExceptionally(new RunEndedException(runId)));
        return Tick.NONE;
    }

    /** Fires what is due; jumps while nothing real is in flight. Call again after {@link Tick#wakeUpIn}. */
    public synchronized Tick advance() {
        if (ended) {
            return Tick.NONE;
        }
        List<Fired> fired = new ArrayList<>();
        while (true) {
            Instant now = now();
            while (!timers.isEmpty() && !timers.peek().due().isAfter(now)) {
                fire(timers.poll(), now, fired);
            }
            if (timers.isEmpty()) {
                return new Tick(fired, Optional.empty());
            }
            if (!quiescent()) {
                return new Tick(fired, Optional.of(Duration.between(now, timers.peek().due())));
            }
            // Nothing real in flight: skip to the earliest timer.
            base = timers.peek().due();
            anchor = nanos.getAsLong();
        }
    }

    private void fire(Timer timer, Instant at, List<Fired> fired) {
        members.put(timer.agentId(), State.WORKING);
        lastFired.put(timer.agentId(), at);
        fired.add(new Fired(timer, at));
        firedIds.addLast(timer.id());
        while (firedIds.size() > RECENTLY_FIRED) {
            timersById.remove(firedIds.removeFirst());
        }
    }

    private boolean quiescent() {
        if (members.containsValue(State.WORKING)) {
            return false;
        }
        for (String agent : owed.values()) {
            State state = members.get(agent);
            if (state == null || state == State.IDLE) {
                return false;
            }
        }
        return !(membersTakeReadyTasks && !ready.isEmpty() && members.containsValue(State.IDLE));
    }

    private void startedBy(String taskId, String agentId) {
        if (taskId != null) {
            owed.remove(taskId, agentId);
        }
    }

    /** A timer of a run that has ended. */
    public static final class RunEndedException extends RuntimeException {
        public RunEndedException(String runId) {
            super("run " + runId + " has ended");
        }
    }
}
