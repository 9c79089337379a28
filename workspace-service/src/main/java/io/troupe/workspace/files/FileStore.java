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
import java.time.Clock;
import java.time.Duration;
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
import java.util.function.Consumer;

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
    private static final String HEAD_OF = "SELECT version, author, deleted, created_at FROM file_versions "
            + "WHERE run_id = ? AND path = ? ORDER BY version DESC LIMIT 1";
    private static final String VERSION_COLUMNS = "path, version, author, created_at, size, sha256, base_version, "
            + "deleted";
    /**
     * Attempts of a last-writer-wins write that loses the race for the next version; writes of such
     * a run hold its workspace row's lock, so a lost race means a lock or serialization failure.
     */
    private static final int LWW_ATTEMPTS = 100;
    private static final String HEADS = "SELECT f.path, f.version, f.author, f.size, f.content FROM file_versions f "
            + "JOIN (SELECT path, MAX(version) AS version FROM file_versions WHERE run_id = ? GROUP BY path) h "
            + "ON f.path = h.path AND f.version = h.version WHERE f.run_id = ? AND f.deleted = FALSE ORDER BY f.path";

    private final Database database;

    public FileStore(Database database) {
        this.database = database;
    }

    /** What bounds a write: the window of concurrent writes, and how many live files a run may have. */
    public record Limits(Duration concurrentWindow, int maxFiles) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(2), 1000);
    }

    /** A last-writer-wins write replaced {@code overwrittenVersion}, which its writer had not read. */
    public record Overwrite(Long baseVersion, long overwrittenVersion, String overwrittenAuthor, long destroyedChars) {
    }

    /** The write came {@code gapMillis} after {@code otherVersion} by another agent. */
    public record Concurrent(long otherVersion, String otherAgentId, long gapMillis) {
    }

    /**
     * The result of a write: what was decided, whether an accepted write made the file exist (its
     * first version, or the first after a deletion), and what it did to others' work.
     */
    public record WriteResult(Decision decision, Instant at, boolean created, Optional<Overwrite> overwrite,
                              Optional<Concurrent> concurrent) {
        WriteResult(Decision decision, Instant at) {
            this(decision, at, false, Optional.empty(), Optional.empty());
        }
    }

    /**
     * Creates the workspace with {@code files} as their first versions, in one transaction.
     * False (and nothing written) if it exists already.
     */
    public boolean create(Workspace workspace, Map<WorkspacePath, String> files) {
        return create(workspace, files, Announce.nothing());
    }

    /** As above, with {@code announce} run in the transaction before it commits. */
    public boolean create(Workspace workspace, Map<WorkspacePath, String> files, Announce<Workspace> announce) {
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
                            workspace.createdAt(), null, false);
                }
                announce.in(c, workspace);
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

    /** The head of {@code path} (a tombstone if it was deleted), or the given version of it. */
    public Optional<FileVersion> read(String runId, WorkspacePath path, Optional<Long> version) {
        String sql = "SELECT " + VERSION_COLUMNS + ", content FROM file_versions WHERE run_id = ? AND path = ? "
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
             PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
                     + " FROM file_versions WHERE run_id = ? AND path = ? ORDER BY version")) {
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
     * Every version of every file of the run, with its content, by path then version, handed to
     * {@code visitor} one at a time (streamed, so a long history is not held in memory).
     */
    public void eachVersion(String runId, Consumer<FileVersion> visitor) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false); // PostgreSQL only streams rows (fetch size) inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
                    + ", content FROM file_versions WHERE run_id = ? ORDER BY path, version")) {
                ps.setFetchSize(64);
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        visitor.accept(version(rs, true));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("read the history of " + runId, e);
        }
    }

    /** Writes in the optimistic mode's default limits; for tests of the store. */
    public Optional<WriteResult> write(String runId, WorkspacePath path, Precondition precondition, String author,
                                       String content) {
        return write(runId, path, precondition, author, content, Limits.DEFAULT);
    }

    /**
     * Checks {@code precondition} against the head and appends the next version, or records the
     * conflict, in one transaction; {@code content} null deletes (appends a tombstone). Empty if
     * the run has no workspace.
     */
    public Optional<WriteResult> write(String runId, WorkspacePath path, Precondition precondition, String author,
                                       String content, Limits limits) {
        return write(runId, path, precondition, author, content, limits, Clock.systemUTC());
    }

    /** As above, stamping the version with {@code clock}'s time (the run's, for a simulated run). */
    public Optional<WriteResult> write(String runId, WorkspacePath path, Precondition precondition, String author,
                                       String content, Limits limits, Clock clock) {
        return write(runId, path, precondition, author, content, limits, clock, Announce.nothing());
    }

    /**
     * As above, with {@code announce} run in the write's transaction before it commits, on what was
     * decided (a refused write's record and its announcement are committed together too).
     */
    public Optional<WriteResult> write(String runId, WorkspacePath path, Precondition precondition, String author,
                                       String content, Limits limits, Clock clock, Announce<WriteResult> announce) {
        try (Connection c = database.connection()) {
            for (int attempt = 1; ; attempt++) {
                Instant at = clock.instant();
                Mode mode = null;
                c.setAutoCommit(false);
                try {
                    mode = mode(c, runId, false).orElse(null);
                    if (mode == null) {
                        c.rollback();
                        return Optional.empty();
                    }
                    if (mode == Mode.LAST_WRITER_WINS) {
                        // Never refused, so never allowed to lose a race: a run's writes take turns on its
                        // workspace row. Retrying on a lost race instead let one slow writer lose it again
                        // and again while 15 others wrote the same file, on a loaded machine.
                        mode(c, runId, true);
                    }
                    WriteResult result = writeIn(c, runId, path, precondition, author, content, limits, mode, at);
                    announce.in(c, result);
                    c.commit();
                    return Optional.of(result);
                } catch (SQLException e) {
                    c.rollback();
                    if (!LOST_RACE.contains(e.getSQLState())) {
                        throw e;
                    }
                    if (mode == Mode.LAST_WRITER_WINS && attempt < LWW_ATTEMPTS) {
                        continue; // never refused: try again on the new head
                    }
                }
                // A concurrent writer appended the version this one meant to: it lost the race. Its record
                // and announcement are one transaction (autocommit is still off after the rollback).
                try {
                    Optional<Head> head = headRow(c, runId, path).map(HeadRow::head);
                    var conflict = new Precondition.Conflict(precondition.claimedBase(),
                            head.map(Head::version).orElse(0L), head.map(Head::author).orElse(null));
                    recordConflict(c, runId, path, author, conflict, at);
                    WriteResult lost = new WriteResult(conflict, at);
                    announce.in(c, lost);
                    c.commit();
                    return Optional.of(lost);
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("write " + path + " of " + runId, e);
        }
    }

    private WriteResult writeIn(Connection c, String runId, WorkspacePath path, Precondition precondition,
                                String author, String content, Limits limits, Mode mode, Instant at)
            throws SQLException {
        boolean delete = content == null;
        Optional<HeadRow> row = headRow(c, runId, path);
        Decision decision = precondition.decide(row.map(HeadRow::head), mode, delete);
        Optional<HeadRow> live = row.filter(r -> !r.head().deleted());
        if (decision instanceof Precondition.Append && live.isEmpty() && !delete) {
            // A new file: serialize file creation per run so that the limit holds under concurrency.
            mode(c, runId, true);
            if (liveFiles(c, runId) >= limits.maxFiles()) {
                decision = new Precondition.TooManyFiles(limits.maxFiles());
            }
        }
        switch (decision) {
            case Precondition.Append append -> {
                insertVersion(c, runId, path, append.version(), author, delete ? "" : content, at,
                        append.baseVersion(), delete);
                Optional<HeadRow> other = live.filter(r -> !r.head().author().equals(author));
                Optional<Concurrent> concurrent = other
                        .map(r -> new Concurrent(r.head().version(), r.head().author(),
                                Math.abs(Duration.between(r.at(), at).toMillis())))
                        .filter(cw -> cw.gapMillis() <= limits.concurrentWindow().toMillis());
                if (concurrent.isPresent()) {
                    recordConcurrent(c, runId, path, append.version(), author, concurrent.get(), at);
                }
                Optional<Overwrite> overwrite = Optional.empty();
                if (mode == Mode.LAST_WRITER_WINS && other.isPresent() && (append.baseVersion() == null
                        || append.baseVersion() < other.get().head().version())) {
                    Head replaced = other.get().head();
                    String old = content(c, runId, path, replaced.version());
                    overwrite = Optional.of(new Overwrite(append.baseVersion(), replaced.version(), replaced.author(),
                            LineDiff.destroyedChars(old, delete ? "" : content)));
                    recordOverwrite(c, runId, path, append.version(), author, overwrite.get(), at);
                }
                return new WriteResult(decision, at, !delete && live.isEmpty(), overwrite, concurrent);
            }
            case Precondition.Conflict conflict -> recordConflict(c, runId, path, author, conflict, at);
            case Precondition.Required required -> {
                // not a conditional write: nothing to record
            }
            case Precondition.Missing missing -> {
                // nothing to delete
            }
            case Precondition.TooManyFiles tooMany -> {
                // refused before anything was written
            }
        }
        return new WriteResult(decision, at);
    }

    /** An overwrite or concurrent write as the accounting lists it. */
    public record Incident(String path, long version, String agentId, Long baseVersion, long otherVersion,
                           String otherAgentId, long amount, Instant at) {
    }

    /** How the run's writers got in each other's way. */
    public record Accounting(long versions, long rewrites, long deletions, long conflicts, List<Incident> overwrites,
                             List<Incident> concurrentWrites) {
    }

    public Accounting accounting(String runId) {
        try (Connection c = database.connection()) {
            long versions;
            long rewrites;
            long deletions;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), "
                    + "COALESCE(SUM(CASE WHEN version > 1 AND deleted = FALSE THEN 1 ELSE 0 END), 0), "
                    + "COALESCE(SUM(CASE WHEN deleted THEN 1 ELSE 0 END), 0) FROM file_versions WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    versions = rs.getLong(1);
                    rewrites = rs.getLong(2);
                    deletions = rs.getLong(3);
                }
            }
            long conflicts = count(c, "SELECT COUNT(*) FROM write_conflicts WHERE run_id = ?", runId);
            List<Incident> overwrites = incidents(c, "SELECT path, version, agent_id, base_version, "
                    + "overwritten_version, overwritten_author, destroyed_chars, created_at FROM overwrites "
                    + "WHERE run_id = ? ORDER BY created_at, path, version", runId);
            List<Incident> concurrent = incidents(c, "SELECT path, version, agent_id, NULL, other_version, "
                    + "other_agent_id, gap_millis, created_at FROM concurrent_writes "
                    + "WHERE run_id = ? ORDER BY created_at, path, version", runId);
            return new Accounting(versions, rewrites, deletions, conflicts, overwrites, concurrent);
        } catch (SQLException e) {
            throw new StoreException("read the accounting of " + runId, e);
        }
    }

    private static long count(Connection c, String sql, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<Incident> incidents(Connection c, String sql, String runId) throws SQLException {
        List<Incident> incidents = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long base = rs.getLong(4);
                    Long baseVersion = rs.wasNull() ? null : base;
                    incidents.add(new Incident(rs.getString(1), rs.getLong(2), rs.getString(3), baseVersion,
                            rs.getLong(5), rs.getString(6), rs.getLong(7),
                            rs.getObject(8, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return incidents;
    }

    /** The run's mode, locking the workspace row (until commit) if {@code lock}; empty if no workspace. */
    private static Optional<Mode> mode(Connection c, String runId, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT mode FROM workspaces WHERE run_id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Mode.fromCode(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static long liveFiles(Connection c, String runId) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM file_versions f JOIN (SELECT path, MAX(version) AS version "
                + "FROM file_versions WHERE run_id = ? GROUP BY path) h ON f.path = h.path AND f.version = h.version "
                + "WHERE f.run_id = ? AND f.deleted = FALSE", runId, runId);
    }

    private static long count(Connection c, String sql, String first, String second) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, first);
            ps.setString(2, second);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String content(Connection c, String runId, WorkspacePath path, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT content FROM file_versions "
                + "WHERE run_id = ? AND path = ? AND version = ?")) {
            ps.setString(1, runId);
            ps.setString(2, path.value());
            ps.setLong(3, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
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

    /** The head row of a file as the write transaction saw it. */
    private record HeadRow(Head head, Instant at) {
    }

    private static Optional<HeadRow> headRow(Connection c, String runId, WorkspacePath path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HEAD_OF)) {
            ps.setString(1, runId);
            ps.setString(2, path.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new HeadRow(new Head(rs.getLong(1), rs.getString(2), rs.getBoolean(3)),
                        rs.getObject(4, OffsetDateTime.class).toInstant())) : Optional.empty();
            }
        }
    }

    private static void insertVersion(Connection c, String runId, WorkspacePath path, long version, String author,
                                      String content, Instant at, Long baseVersion, boolean deleted)
            throws SQLException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_versions (run_id, path, version, author, "
                + "created_at, size, sha256, content, base_version, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, path.value());
            ps.setLong(3, version);
            ps.setString(4, author);
            ps.setObject(5, utc(at));
            ps.setLong(6, bytes.length);
            ps.setString(7, sha256(bytes));
            ps.setString(8, content);
            ps.setObject(9, baseVersion, java.sql.Types.BIGINT);
            ps.setBoolean(10, deleted);
            ps.executeUpdate();
        }
    }

    private static void recordOverwrite(Connection c, String runId, WorkspacePath path, long version, String agent,
                                        Overwrite o, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO overwrites (run_id, path, version, agent_id, "
                + "base_version, overwritten_version, overwritten_author, destroyed_chars, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, path.value());
            ps.setLong(3, version);
            ps.setString(4, agent);
            ps.setObject(5, o.baseVersion(), java.sql.Types.BIGINT);
            ps.setLong(6, o.overwrittenVersion());
            ps.setString(7, o.overwrittenAuthor());
            ps.setLong(8, o.destroyedChars());
            ps.setObject(9, utc(at));
            ps.executeUpdate();
        }
    }

    private static void recordConcurrent(Connection c, String runId, WorkspacePath path, long version, String agent,
                                         Concurrent cw, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO concurrent_writes (run_id, path, version, "
                + "agent_id, other_version, other_agent_id, gap_millis, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, path.value());
            ps.setLong(3, version);
            ps.setString(4, agent);
            ps.setLong(5, cw.otherVersion());
            ps.setString(6, cw.otherAgentId());
            ps.setLong(7, cw.gapMillis());
            ps.setObject(8, utc(at));
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
        long base = rs.getLong(7);
        Long baseVersion = rs.wasNull() ? null : base;
        return new FileVersion(rs.getString(1), rs.getLong(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getLong(5), rs.getString(6), baseVersion,
                rs.getBoolean(8), withContent ? rs.getString(9) : null);
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
