package io.troupe.coordinator.suites;

import io.troupe.coordinator.board.Database;
import io.troupe.coordinator.board.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Uploaded and imported suites, kept as their files so that they are validated the same way on every start. */
@ApplicationScoped
public class SuiteStore {
    private final Database database;

    public SuiteStore(Database database) {
        this.database = database;
    }

    /** A stored suite: its id, where it came from ({@code uploaded} or {@code imported}), and its files. */
    public record Stored(String id, String source, Instant createdAt, Map<String, String> files) {
    }

    /** Stores a suite; false if one with that id is stored already. */
    public boolean insert(Stored suite) {
        return insertAll(List.of(suite)).isEmpty();
    }

    /**
     * Stores the suites in one transaction, all or none: the id of one that is stored already (nothing
     * stored then), or empty once all are.
     */
    public java.util.Optional<String> insertAll(List<Stored> suites) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                for (Stored suite : suites) {
                    if (exists(c, suite.id())) {
                        c.rollback();
                        return java.util.Optional.of(suite.id());
                    }
                    insert(c, suite);
                }
                c.commit();
                return java.util.Optional.empty();
            } catch (SQLException e) {
                c.rollback();
                for (Stored suite : suites) {
                    if (exists(c, suite.id())) {
                        return java.util.Optional.of(suite.id()); // a concurrent upload of the same id won
                    }
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("storing suites " + suites.stream().map(Stored::id).toList(), e);
        }
    }

    private static void insert(Connection c, Stored suite) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO suites (id, source, created_at) VALUES (?, ?, ?)")) {
            s.setString(1, suite.id());
            s.setString(2, suite.source());
            s.setTimestamp(3, Timestamp.from(suite.createdAt()));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO suite_files (suite_id, path, content) VALUES (?, ?, ?)")) {
            for (var file : suite.files().entrySet()) {
                s.setString(1, suite.id());
                s.setString(2, file.getKey());
                s.setString(3, file.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Every stored suite, oldest first. */
    public List<Stored> all() {
        try (Connection c = database.connection()) {
            Map<String, Stored> suites = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, source, created_at FROM suites "
                    + "ORDER BY created_at, id"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    suites.put(r.getString(1), new Stored(r.getString(1), r.getString(2),
                            r.getTimestamp(3).toInstant(), new LinkedHashMap<>()));
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT suite_id, path, content FROM suite_files "
                    + "ORDER BY suite_id, path"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Stored stored = suites.get(r.getString(1));
                    if (stored != null) {
                        stored.files().put(r.getString(2), r.getString(3));
                    }
                }
            }
            return new ArrayList<>(suites.values());
        } catch (SQLException e) {
            throw new StorageException("reading the stored suites", e);
        }
    }

    private static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM suites WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }
}
