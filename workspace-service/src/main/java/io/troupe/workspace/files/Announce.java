package io.troupe.workspace.files;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a store runs in its transaction just before the commit: appending the events that announce
 * the change to the outbox, so the change and its events are committed together or not at all. It
 * may run more than once for one call (a transaction rolled back on a lost race is tried again):
 * only the last run's appends are committed.
 *
 * @param <T> what was decided
 */
@FunctionalInterface
public interface Announce<T> {
    /** Announces nothing (tests of the stores). */
    static <T> Announce<T> nothing() {
        return (c, decided) -> {
        };
    }

    void in(Connection c, T decided) throws SQLException;
}
