package io.troupe.coordinator.runs;

import io.troupe.coordinator.board.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes the changes of one run inside this process, each one transaction ({@link
 * Database#inTransaction}) committed before the lock is let go: the board's changes and the events
 * that announce them are stored together, and a run's events enter the outbox in causal order (a
 * dependent's TaskReady never before its dependency's TaskDone, even when a completion is
 * redelivered while the first is still being processed). Nothing here waits on the broker: the
 * outbox relay sends the events after the commit. Correctness across processes does not rest on
 * this lock: every change is still a compare-and-set on the board.
 */
@ApplicationScoped
public class RunLocks {
    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final Database db;

    public RunLocks(Database db) {
        this.db = db;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public <T> T withRun(String runId, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(runId.hashCode(), STRIPES)];
        lock.lock();
        try {
            return db.inTransaction(work);
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
