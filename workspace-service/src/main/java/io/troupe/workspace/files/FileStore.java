package io.troupe.workspace.files;

import io.troupe.workspace.FileHead;
import io.troupe.workspace.FileVersion;
import io.troupe.workspace.Mode;
import io.troupe.workspace.Precondition;
import io.troupe.workspace.Precondition.Decision;
import io.troupe.workspace.Precondition.Head;
import io.troupe.workspace.Workspace;
import io.troupe.workspace.WorkspacePath;
import io.troupe.workspace.config.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The workspace tables, in plain JDBC. File versions are only ever inserted; a write's check of
 * the head and its append run in one transaction, and the primary key (run, path, version) turns
 * a concurrent writer that appended the same version first into a conflict for the other.
 */
@ApplicationScoped
public class FileStore {
    private static final String UNIQUE_VIOLATION = "23505";
    /** Duplicate key, or (rarely) a lock or serialization failure between two writers of one file. */
    private static final java.util.Set<String> LOST_RACE = java.util.Set.of(UNIQUE_VIOLATION, "40001", "40P01",
            "HYT00");
    private static final String HEAD_OF = "SELECT version, author FROM file_versions WHERE run_id = ? AND path = ? "
            + "ORDER BY version DESC LIMIT 1";
    private static final String HEADS = "SELECT f.path, f.version, f.author, f.size, f.content FROM file_versions f "
            + "JOIN (SELECT path, MAX(version) AS version FROM file_versions WHERE run_id = ? GROUP BY path) h "
            + "ON f.path = h.path AND f.version = h.version WHERE f.run_id = ? ORDER BY f.path";

    private final Database database;

    public FileStore(Database database) {
        this.database = database;
    }

    /** The result of a write: what was decided, and whether a concurrent writer won the race. */
    public record WriteResult(Decision decision, Instant at) {
    }

    /**
     * Creates the workspace with {@code files} as their first versions, in one transaction.
     * False (and nothing written) if it exists already.
     */
    public boolean create(Workspace workspace, Map<WorkspacePath, String> files) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                if (exists(c, workspace.runId())) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO workspaces "
                        + "(run_id, mode, test_command, created_by, created_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, workspace.runId());
                    ps.setString(2, workspace.mode().code());
                    ps.setString(3, workspace.testCommand());
                    ps.setString(4, workspace.createdBy());
                    ps.setObject(5, utc(workspace.createdAt()));
                    ps.executeUpdate();
                }
                for (var file : files.entrySet()) {
                    insertVersion(c, workspace.runId(), file.getKey(), 1, workspace.createdBy(), file.getValue(),
                            workspace.createdAt());
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false; // created concurrently by another request
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("create workspace " + workspace.runId(), e);
        }
    }

    public Optional<Workspace> workspace(String runId) {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT run_id, mode, test_command, created_by, created_at "
                     + "FROM workspaces WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Workspace(rs.getString(1), Mode.fromCode(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw new StoreException("read workspace " + runId, e);
        }
    }

    public List<FileHead> heads(String runId) {
        List<FileHead> heads = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(HEADS.replace(", f.content", ""))) {
            ps.setString(1, runId);
            ps.setString(2, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.add(new FileHead(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return heads;
        } catch (SQLException e) {
            throw new StoreException("list files of " + runId, e);
        }
    }

    /** The content of every head, by path: what a test run copies. */
    public Map<String, String> snapshot(String runId) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(HEADS)) {
            ps.setString(1, runId);
            ps.setString(2, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString(1), rs.getString(5));
                }
            }
            return files;
        } catch (SQLException e) {
            throw new StoreException("snapshot " + runId, e);
        }
    }

    /** The head of {@code path}, or the given version of it. */
    public Optional<FileVersion> read(String runId, WorkspacePath path, Optional<Long> version) {
        String sql = "SELECT path, version, author, created_at, size, sha256, content FROM file_versions "
                + "WHERE run_id = ? AND path = ? "
                + (version.isPresent() ? "AND version = ?" : "ORDER BY version DESC LIMIT 1");
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            ps.setString(2, path.value());
            if (version.isPresent()) {
                ps.setLong(3, version.get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs, true)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("read " + path + " of " + runId, e);
        }
    }

    /** Every version of {@code path}, oldest first, without content. */
    public List<FileVersion> history(String runId, WorkspacePath path) {
        List<FileVersion> versions = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT path, version, author, created_at, size, sha256 "
                     + "FROM file_versions WHERE run_id = ? AND path = ? ORDER BY version")) {
            ps.setString(1, runId);
            ps.setString(2, path.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(version(rs, false));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new StoreException("history of " + path + " of " + runId, e);
        }
    }

    /**
     * Checks {@code precondition} against the head and appends the next version, or records the
     * conflict, in one transaction. Empty if the run has no workspace.
     */
    public Optional<WriteResult> write(String runId, WorkspacePath path, Precondition precondition, String author,
                                       String content) {
        Instant at = Instant.now();
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                if (!exists(c, runId)) {
                    c.rollback();
                    return Optional.empty();
                }
                Decision decision = precondition.decide(head(c, runId, path));
                switch (decision) {
                    case Precondition.Append append ->
                            insertVersion(c, runId, path, append.version(), author, content, at);
                    case Precondition.Conflict conflict -> recordConflict(c, runId, path, author, conflict, at);
                    case Precondition.Required required -> {
                        // not a conditional write: nothing to record
                    }
                }
                c.commit();
                return Optional.of(new WriteResult(decision, at));
            } catch (SQLException e) {
                c.rollback();
                if (!LOST_RACE.contains(e.getSQLState())) {
                    throw e;
                }
            }
            // A concurrent writer appended the version this one meant to: it lost the race.
            c.setAutoCommit(true);
            Optional<Head> head = head(c, runId, path);
            var conflict = new Precondition.Conflict(precondition.claimedBase(),
                    head.map(Head::version).orElse(0L), head.map(Head::author).orElse(null));
            recordConflict(c, runId, path, author, conflict, at);
            return Optional.of(new WriteResult(conflict, at));
        } catch (SQLException e) {
            throw new StoreException("write " + path + " of " + runId, e);
        }
    }

    private static boolean exists(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM workspaces WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<Head> head(Connection c, String runId, WorkspacePath path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HEAD_OF)) {
            ps.setString(1, runId);
            ps.setString(2, path.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    private static void insertVersion(Connection c, String runId, WorkspacePath path, long version, String author,
                                      String content, Instant at) throws SQLException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_versions "
                + "(run_id, path, version, author, created_at, size, sha256, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, path.value());
            ps.setLong(3, version);
            ps.setString(4, author);
            ps.setObject(5, utc(at));
            ps.setLong(6, bytes.length);
            ps.setString(7, sha256(bytes));
            ps.setString(8, content);
            ps.executeUpdate();
        }
    }

    private static void recordConflict(Connection c, String runId, WorkspacePath path, String agent,
                                       Precondition.Conflict conflict, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO write_conflicts (id, run_id, path, agent_id, "
                + "base_version, head_version, head_author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, runId);
            ps.setString(3, path.value());
            ps.setString(4, agent);
            ps.setObject(5, conflict.baseVersion());
            ps.setLong(6, conflict.headVersion());
            ps.setString(7, conflict.headAuthor());
            ps.setObject(8, utc(at));
            ps.executeUpdate();
        }
    }

    private static FileVersion version(ResultSet rs, boolean withContent) throws SQLException {
        return new FileVersion(rs.getString(1), rs.getLong(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getLong(5), rs.getString(6),
                withContent ? rs.getString(7) : null);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
