package io.troupe.support.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The one thread of a service that moves its {@link Outbox} to Kafka: it reads rows in append
 * order, a batch at a time, sends each through the {@link OutboxSender}, waits for the batch's
 * acknowledgements up to {@link Settings#ackTimeout()}, and deletes the rows the broker
 * acknowledged. On a failure it keeps the rows from the first unacknowledged one on, backs off
 * (doubling, up to {@link Settings#maxBackoff()}) and sends them again, with the same ids, until
 * they are delivered: so a row may reach consumers more than once, never zero times.
 *
 * <p>Started with the service, it first drains what a stopped or killed process left. It wakes on
 * {@link #signal()} (a caller's commit) and, as a safety net, every {@link Settings#pollInterval()}.
 * Each batch is read {@code FOR UPDATE}: a second relay on the same database (another replica)
 * waits for the first's batch rather than sending the same rows beside it.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /**
     * How the relay works.
     *
     * @param batchSize    rows read and sent at a time
     * @param ackTimeout   how long a batch's acknowledgements are waited for before it counts as failed
     * @param minBackoff   the first wait after a failure
     * @param maxBackoff   the longest wait between attempts
     * @param pollInterval how often the table is read without a signal
     */
    public record Settings(int batchSize, Duration ackTimeout, Duration minBackoff, Duration maxBackoff,
                           Duration pollInterval) {
        public static Settings defaults(Duration ackTimeout) {
            return new Settings(200, ackTimeout, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(2));
        }
    }

    private final String name;
    private final DataSource dataSource;
    private final OutboxSender sender;
    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean signalled;
    private volatile boolean stopped;
    private Thread thread;

    public OutboxRelay(String name, DataSource dataSource, OutboxSender sender, Settings settings) {
        this.name = name;
        this.dataSource = dataSource;
        this.sender = sender;
        this.settings = settings;
    }

    /** Starts the relay's thread, which drains what is in the outbox at once. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Thread.ofPlatform().name(name + "-outbox-relay").daemon().start(this::run);
    }

    /** New rows are committed: the relay sends them now rather than at its next poll. */
    public void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread; what is not delivered stays in the outbox for the next start. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            stopped = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(settings.ackTimeout().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Duration backoff = settings.minBackoff();
        while (!stopped) {
            try {
                int delivered = deliverBatch();
                backoff = settings.minBackoff();
                if (delivered < settings.batchSize()) {
                    awaitSignal(settings.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException | DeliveryFailed e) {
                LOG.warnf("outbox relay %s: %s; retrying in %d ms", name, e.getMessage(), backoff.toMillis());
                try {
                    pause(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Sends the oldest batch and deletes its delivered rows; answers how many rows it read. Throws
     * when a row was not acknowledged (its predecessors are deleted, it and its successors stay).
     */
    int deliverBatch() throws SQLException, InterruptedException, DeliveryFailed {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<OutboxRecord> batch = read(c);
                List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
                for (OutboxRecord record : batch) {
                    acks.add(send(record));
                }
                long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
                List<Long> delivered = new ArrayList<>();
                DeliveryFailed failure = null;
                // In order: a row counts as delivered only if every row before it was.
                for (int i = 0; i < batch.size() && failure == null; i++) {
                    try {
                        acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        delivered.add(batch.get(i).seq());
                    } catch (ExecutionException e) {
                        failure = new DeliveryFailed(batch.get(i), e.getCause());
                    } catch (TimeoutException e) {
                        failure = new DeliveryFailed(batch.get(i), new TimeoutException("no acknowledgement within "
                                + settings.ackTimeout().toMillis() + " ms"));
                    }
                }
                delete(c, delivered);
                c.commit();
                if (failure != null) {
                    throw failure;
                }
                return batch.size();
            } catch (SQLException | RuntimeException | InterruptedException | DeliveryFailed e) {
                c.rollback();
                throw e;
            }
        }
    }

    private CompletableFuture<Void> send(OutboxRecord record) {
        try {
            return sender.send(record).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private List<OutboxRecord> read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, channel, event_id, event_type, run_id, payload, "
                + "traceparent, tracestate, created_at FROM " + Outbox.TABLE + " ORDER BY seq LIMIT ? FOR UPDATE")) {
            ps.setInt(1, settings.batchSize());
            List<OutboxRecord> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRecord(rs.getLong("seq"), rs.getString("channel"), rs.getString("event_id"),
                            rs.getString("event_type"), rs.getString("run_id"), rs.getString("payload"),
                            rs.getString("traceparent"), rs.getString("tracestate"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant()));
                }
            }
            return rows;
        }
    }

    private static void delete(Connection c, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        Array array = c.createArrayOf("bigint", seqs.toArray());
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + Outbox.TABLE + " WHERE seq = ANY (?)")) {
            ps.setArray(1, array);
            ps.executeUpdate();
        } finally {
            array.free();
        }
    }

    private void awaitSignal(Duration atMost) throws InterruptedException {
        lock.lock();
        try {
            long left = atMost.toNanos();
            while (!signalled && left > 0 && !stopped) {
                left = wake.awaitNanos(left);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    /** The back-off after a failure: signals do not shorten it (the broker is what we wait for). */
    private void pause(Duration backoff) throws InterruptedException {
        lock.lock();
        try {
            long left = backoff.toNanos();
            while (left > 0 && !stopped) {
                left = wake.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A row the broker did not acknowledge. */
    static final class DeliveryFailed extends Exception {
        DeliveryFailed(OutboxRecord record, Throwable cause) {
            super("event " + record.id() + " (" + record.type() + ", run " + record.runId() + ", outbox row "
                    + record.seq() + ") was not delivered: " + cause, cause);
        }
    }
}
