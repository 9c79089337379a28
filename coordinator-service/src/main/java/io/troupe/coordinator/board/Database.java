package io.troupe.coordinator.board;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The coordinator's PostgreSQL: the server named by {@code quarkus.datasource.pg.*} (Kubernetes,
 * tests), else the embedded one that {@code CoordinatorMain} started (the local default).
 *
 * <p>A step of a run is one transaction ({@link #inTransaction}): while it is open on a thread,
 * {@link #connection()} on that thread answers its connection, so the board's change, its incidents
 * and the events appended to the outbox that announce them are committed together or not at all.
 */
@ApplicationScoped
public class Database {
    private final AgroalDataSource dataSource;
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();

    /** The open transaction of a thread, and what to do once it is committed. */
    private record Transaction(Connection connection, Connection joined, List<Runnable> afterCommit) {
    }

    public Database(@DataSource("pg") AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A connection: the thread's open transaction if there is one (closing it, committing it or
     * rolling it back is then left to {@link #inTransaction}), else a new autocommit connection.
     */
    public Connection connection() throws SQLException {
        Transaction tx = current.get();
        return tx == null ? dataSource.getConnection() : tx.joined();
    }

    /**
     * Runs {@code work} in one transaction, or inside the thread's open one. The transaction commits
     * when {@code work} returns, and also when it throws a {@link ProblemException}: a refusal keeps
     * what it recorded (a claim conflict and its event), as it did before the step was one
     * transaction; any other exception rolls it all back.
     */
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        List<Runnable> afterCommit = new ArrayList<>();
        T result;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            current.set(new Transaction(c, joined(c), afterCommit));
            try {
                result = work.get();
                c.commit();
            } catch (ProblemException refusal) {
                c.commit();
                afterCommit.forEach(Runnable::run);
                throw refusal;
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                current.remove();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot commit a step of a run", e);
        }
        afterCommit.forEach(Runnable::run);
        return result;
    }

    public void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code action} once the thread's transaction is committed (not at all if it rolls back);
     * at once outside a transaction.
     */
    public void afterCommit(Runnable action) {
        Transaction tx = current.get();
        if (tx == null) {
            action.run();
        } else {
            tx.afterCommit().add(action);
        }
    }

    /** {@code c} for the stores that join the transaction: their close, commit and rollback are the step's. */
    private static Connection joined(Connection c) {
        return (Connection) Proxy.newProxyInstance(Database.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    // A store that runs its own transaction (RunStore#insert) joins this one instead; a
                    // failure in it reaches inTransaction, which rolls everything back.
                    case "close", "commit", "rollback", "setAutoCommit" -> null;
                    default -> {
                        try {
                            yield method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }
}
