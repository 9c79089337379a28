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
 * <p>In rounds (see {@link io.troupe.protocol.Execution#ROUNDS}) the clock is also the run's barrier:
 * every member not LEFT takes one model turn per round; a turn asked for by a member that already took
 * its turn in the round waits (WAITING) until the next round begins, and then starts at the round's
 * start. A round ends when every member took its turn, every timer fired and no member is WORKING
 * (every reply is in and acted on), so it lasts as long as its slowest turn plus its work. A member
 * that has not yet taken its turn in the round is work in flight: the clock does not jump past it.
 * An idle turn (one without a task) of a member for which a task is claimed that it has not started is
 * declined: the member starts that task, and its first turn on it is its turn of the round. After
 * {@code maxRounds} rounds the clock starts no further round and reports it ({@link Tick#roundsUsedUp}).
 * A run in rounds on the wall clock (real models) has a clock that never jumps.
 *
 * <p>Thread-safe; the owner completes fired timers' futures outside its monitor (see {@link Tick}).
 */
public final class RunClock {

    /** What a team member is doing, as far as the clock is concerned. */
    public enum State { IDLE, WORKING, WAITING, LEFT }

    /**
     * A model turn of {@code agentId} on {@code taskId} (null: an idle turn): done when the run's clock
     * reaches {@code due} (null while it waits for its round to begin); {@code round} is the round it
     * belongs to (0 in event-driven runs and while it waits).
     */
    public record Timer(long id, String agentId, String taskId, Instant due, CompletableFuture<Instant> fired,
                        int round) {
        Timer(long id, String agentId, String taskId, Instant due, CompletableFuture<Instant> fired) {
            this(id, agentId, taskId, due, fired, 0);
        }
    }

    /** A turn waiting for the next round: its latency, once the round begins. */
    private record Parked(Timer timer, Duration latency) {
    }

    /**
     * What a change of the clock requires of its owner, after the monitor is released: timers to fire
     * at the given reading, and the real delay until the clock must be looked at again (empty: no
     * timer is pending, or the clock ended).
     */
    public record Tick(List<Fired> fired, Optional<Duration> wakeUpIn, List<Timer> declined, int roundStarted,
                       boolean roundsUsedUp) {
        static final Tick NONE = new Tick(List.of(), Optional.empty());

        Tick(List<Fired> fired, Optional<Duration> wakeUpIn) {
            this(fired, wakeUpIn, List.of(), 0, false);
        }

        /** Completes the fired timers' futures, and fails the declined ones with {@link TurnDeclinedException}. */
        public void fire() {
            fired.forEach(f -> f.timer().fired().complete(f.at()));
            declined.forEach(t -> t.fired().completeExceptionally(new TurnDeclinedException(t.agentId())));
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
    /** In rounds: the cap (0 for an event-driven run), the current round, and each member's last turn's round. */
    private final int maxRounds;
    private final boolean jumps;
    private int round;
    private boolean roundsUsedUp;
    /** The run is ending: no further round begins (the rounds it used are final). */
    private boolean frozen;
    private final Map<String, Integer> turnRound = new HashMap<>();
    private final List<Parked> parked = new ArrayList<>();

    /**
     * A clock reading {@code start} now, for a team of {@code members} (all IDLE); {@code
     * membersTakeReadyTasks} when idle members take READY tasks themselves; {@code nanos} is the
     * real monotonic time ({@link System#nanoTime} outside tests).
     */
    public RunClock(String runId, Instant start, Collection<String> members, boolean membersTakeReadyTasks,
                    LongSupplier nanos) {
        this(runId, start, members, membersTakeReadyTasks, nanos, 0, 0, true);
    }

    private RunClock(String runId, Instant start, Collection<String> members, boolean membersTakeReadyTasks,
                     LongSupplier nanos, int maxRounds, int round, boolean jumps) {
        this.runId = runId;
        this.membersTakeReadyTasks = membersTakeReadyTasks;
        this.nanos = nanos;
        this.base = start;
        this.anchor = nanos.getAsLong();
        this.maxRounds = maxRounds;
        this.round = round;
        this.jumps = jumps;
        members.forEach(m -> this.members.put(m, State.IDLE));
    }

    /**
     * The clock of a run in rounds, in round {@code round} (1 at the start; later after a restart) of at
     * most {@code maxRounds}; {@code jumps} false for a run on the wall clock (real models), whose clock
     * only follows real time.
     */
    public static RunClock inRounds(String runId, Instant start, Collection<String> members, int maxRounds,
                                    int round, boolean jumps, LongSupplier nanos) {
        if (maxRounds < 1 || round < 1) {
            throw new IllegalArgumentException("rounds start at 1 and at most maxRounds >= 1");
        }
        return new RunClock(runId, start, members, false, nanos, maxRounds, Math.min(round, maxRounds), jumps);
    }

    /**
     * The run is ending (its last task is done, or it is cancelled, timed out or failed): no further round
     * begins, so the round it ends in is final; the current one.
     */
    public synchronized int freeze() {
        frozen = true;
        return round;
    }

    /** Whether the run's team takes its turns in rounds. */
    public boolean inRounds() {
        return maxRounds > 0;
    }

    /** The current round (1 for the first; 0 for an event-driven run). */
    public synchronized int round() {
        return round;
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
        if (inRounds()) {
            return inRound(agentId, taskId, latency);
        }
        Timer timer = new Timer(nextTimerId++, agentId, taskId, now().plus(latency), new CompletableFuture<>());
        members.put(agentId, State.WAITING);
        startedBy(taskId, agentId);
        timers.add(timer);
        timersById.put(timer.id(), timer);
        return new Scheduled(timer, advance());
    }

    /** A turn of a run in rounds: declined, taken in this round, or waiting for the next. */
    private Scheduled inRound(String agentId, String taskId, Duration latency) {
        Timer asked = new Timer(nextTimerId++, agentId, taskId, null, new CompletableFuture<>());
        timersById.put(asked.id(), asked);
        if (taskId == null && owes(agentId)) {
            members.put(agentId, State.IDLE);
            Tick tick = advance();
            return new Scheduled(asked, new Tick(tick.fired(), tick.wakeUpIn(), List.of(asked), tick.roundStarted(),
                    tick.roundsUsedUp()));
        }
        members.put(agentId, State.WAITING);
        startedBy(taskId, agentId);
        if (roundsUsedUp || frozen || turnRound.getOrDefault(agentId, 0) >= round) {
            parked.add(new Parked(asked, latency));
        } else {
            schedule(asked, latency);
        }
        return new Scheduled(asked, advance());
    }

    private void schedule(Timer asked, Duration latency) {
        Timer timer = new Timer(asked.id(), asked.agentId(), asked.taskId(), now().plus(latency), asked.fired(),
                round);
        turnRound.put(asked.agentId(), round);
        timers.add(timer);
        timersById.put(timer.id(), timer);
    }

    private boolean owes(String agentId) {
        return owed.containsValue(agentId);
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
            parked.forEach(p -> pending.add(p.timer()));
            parked.clear();
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
        List<Timer> declined = new ArrayList<>();
        int started = 0;
        boolean usedUp = false;
        while (true) {
            Instant now = now();
            while (!timers.isEmpty() && !timers.peek().due().isAfter(now)) {
                fire(timers.poll(), now, fired);
            }
            if (inRounds() && !roundsUsedUp && !frozen && roundOver()) {
                if (round >= maxRounds) {
                    roundsUsedUp = true;
                    usedUp = true;
                } else {
                    round++;
                    started = round;
                    release(declined);
                    continue;
                }
            }
            if (timers.isEmpty()) {
                return new Tick(fired, Optional.empty(), declined, started, usedUp);
            }
            if (!jumps || !quiescent()) {
                return new Tick(fired, Optional.of(Duration.between(now, timers.peek().due())), declined, started,
                        usedUp);
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

    /** Every member not LEFT took its turn in the round, every timer fired, and nobody is WORKING. */
    private boolean roundOver() {
        if (!timers.isEmpty() || members.containsValue(State.WORKING)) {
            return false;
        }
        return members.entrySet().stream().allMatch(m -> m.getValue() == State.LEFT
                || turnRound.getOrDefault(m.getKey(), 0) >= round);
    }

    /** The next round begins now: the turns waiting for it start (an idle turn of a member owed a task is declined). */
    private void release(List<Timer> declined) {
        List<Parked> waiting = new ArrayList<>(parked);
        parked.clear();
        for (Parked p : waiting) {
            Timer asked = p.timer();
            if (asked.taskId() == null && owes(asked.agentId())) {
                members.put(asked.agentId(), State.IDLE);
                declined.add(asked);
            } else if (turnRound.getOrDefault(asked.agentId(), 0) >= round) {
                // A second turn of one member waiting for the same round: it waits for the next.
                parked.add(p);
            } else {
                schedule(asked, p.latency());
            }
        }
    }

    private boolean quiescent() {
        if (members.containsValue(State.WORKING)) {
            return false;
        }
        if (inRounds()) {
            // A member that has yet to take its turn in the round will: the clock must not jump past it.
            for (var m : members.entrySet()) {
                if (m.getValue() != State.LEFT && turnRound.getOrDefault(m.getKey(), 0) < round) {
                    return false;
                }
            }
        }
        for (String agent : owed.values()) {
            State state = members.get(agent);
            if (state == null || state == State.IDLE) {
                return false;
            }
        }
        return inRounds() || !(membersTakeReadyTasks && !ready.isEmpty() && members.containsValue(State.IDLE));
    }

    private void startedBy(String taskId, String agentId) {
        if (taskId != null) {
            owed.remove(taskId, agentId);
        }
    }

    /** An idle turn of a run in rounds that was not taken: a task is claimed for the member (see the class). */
    public static final class TurnDeclinedException extends RuntimeException {
        public TurnDeclinedException(String agentId) {
            super("a task is claimed for " + agentId + ": it starts that task instead of an idle turn");
        }
    }

    /** A timer of a run that has ended. */
    public static final class RunEndedException extends RuntimeException {
        public RunEndedException(String runId) {
            super("run " + runId + " has ended");
        }
    }
}
