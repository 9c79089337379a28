package io.troupe.agent.loop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where the end of a run may cut its agents' tasks short: only while an agent waits on the model.
 * A tool call in flight (a write, a test run, {@code complete_task}) is let finish, because cutting
 * off its HTTP call would report as failed what the other service may already have done (the last
 * task's completion is what ends a run); the agent stops before its next model call instead, so no
 * turn is taken after the end.
 *
 * <p>A worker {@link #arm arms} its thread for each task and {@link #disarm disarms} it after;
 * {@link #stop} comes from another thread when the task's run is over.
 */
public final class TurnStops {
    private static final Map<Thread, State> STATES = new ConcurrentHashMap<>();

    private TurnStops() {
    }

    /** What one armed thread is doing; guarded by its own monitor. */
    private static final class State {
        boolean waitingOnModel;
        boolean stopped;
    }

    /** The calling thread starts a task that {@link #stop} may end. */
    public static void arm() {
        STATES.put(Thread.currentThread(), new State());
    }

    /** The calling thread's task is over; a stop that came too late is forgotten with it. */
    public static void disarm() {
        STATES.remove(Thread.currentThread());
        Thread.interrupted();
    }

    /**
     * Stops the task on {@code thread}: interrupted at once if it waits on the model, else at its next model
     * call. False if the thread is not armed.
     */
    public static boolean stop(Thread thread) {
        State state = STATES.get(thread);
        if (state == null) {
            return false;
        }
        synchronized (state) {
            state.stopped = true;
            if (state.waitingOnModel) {
                thread.interrupt();
            }
        }
        return true;
    }

    /** Whether the calling thread's task was stopped. */
    static boolean stopped() {
        State state = STATES.get(Thread.currentThread());
        if (state == null) {
            return false;
        }
        synchronized (state) {
            return state.stopped;
        }
    }

    /**
     * Makes a model call that {@link #stop} may interrupt; on an unarmed thread just makes it. The caller
     * checks {@link #stopped()} before and after.
     */
    static <T> T modelCall(Supplier<T> call) {
        State state = STATES.get(Thread.currentThread());
        if (state == null) {
            return call.get();
        }
        synchronized (state) {
            state.waitingOnModel = true;
        }
        try {
            return call.get();
        } finally {
            synchronized (state) {
                state.waitingOnModel = false;
                if (state.stopped) {
                    // The interrupt was for the model wait: it must not cut off the tool calls' cleanup.
                    Thread.interrupted();
                }
            }
        }
    }
}
