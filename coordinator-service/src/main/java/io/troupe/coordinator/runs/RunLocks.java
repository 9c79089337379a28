package io.troupe.coordinator.runs;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes the changes of one run inside this process, so that its events go out in causal
 * order (a dependent's TaskReady never before its dependency's TaskDone, even when a completion is
 * redelivered while the first is still being processed). Correctness across processes does not
 * rest on this: every change is still a compare-and-set on the board.
 */
@ApplicationScoped
public class RunLocks {
    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public RunLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public <T> T withRun(String runId, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(runId.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    public void withRun(String runId, Runnable work) {
        withRun(runId, () -> {
            work.run();
            return null;
        });
    }
}
