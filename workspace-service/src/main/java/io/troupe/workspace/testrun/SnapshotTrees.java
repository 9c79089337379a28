package io.troupe.workspace.testrun;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.WorkspacePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The directories test runs execute in, made without writing every file each time. Each run keeps
 * one read-only file per head it has tested ({@code <base>/<run>/files/}), written once when a
 * test run first sees that version and deleted when a newer one replaces it; a test run's tree
 * is then directories plus hard links to those files, a few microseconds per file, and deleting it
 * leaves them alone. A link keeps its file's content even after the run's own name for it is gone,
 * so a running test keeps a consistent snapshot while newer versions arrive.
 *
 * <p>Links are used only when the code under test cannot change the shared files (see
 * {@link Sandbox#mayLinkFiles()}); otherwise each file is copied from the kept one, which still
 * spares reading the workspace's content again.
 */
public final class SnapshotTrees implements AutoCloseable {
    /**
     * Runs whose files are kept, and their bytes at most (they may be in memory: a tmpfs); the least
     * recently tested runs beyond either are dropped, and fetched again if tested again.
     */
    static final int KEPT_RUNS = 64;
    static final long KEPT_BYTES = 256L << 20;

    private final Path base;
    private final boolean ownsBase;
    private final Map<String, RunFiles> runs = new LinkedHashMap<>(16, 0.75f, true);
    private final java.util.concurrent.atomic.AtomicLong keptBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong names = new java.util.concurrent.atomic.AtomicLong();
    private long sequence;

    private SnapshotTrees(Path base, boolean ownsBase) throws IOException {
        this.base = base;
        this.ownsBase = ownsBase;
        Files.createDirectories(base.resolve("runs"));
    }

    /**
     * Trees under a fresh temporary directory, deleted by {@link #close()}: in {@code /dev/shm} where
     * there is one, since links and deletions there cost no disk metadata (measured here under load:
     * a tree of 100 links made and deleted in 0.8 ms on tmpfs, 33 ms on ext4), else in java.io.tmpdir.
     */
    public static SnapshotTrees inTemporaryDirectory() {
        try {
            Path shm = Path.of("/dev/shm");
            Path base = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "troupe-test-runs-")
                    : Files.createTempDirectory("troupe-test-runs-");
            return new SnapshotTrees(base, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for test runs", e);
        }
    }

    /**
     * Trees in a fresh directory inside {@code parent} (created if missing), deleted by
     * {@link #close()}; nothing else in {@code parent} is touched.
     */
    public static SnapshotTrees under(Path parent) {
        try {
            Files.createDirectories(parent);
            return new SnapshotTrees(Files.createTempDirectory(parent, "troupe-test-runs-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for test runs in " + parent, e);
        }
    }

    public Path base() {
        return base;
    }

    /** The file kept for a path: the content of {@code key}, at {@code file}. */
    private record Kept(String key, Path file, long size) {
    }

    /** The files of one run, by path. */
    private static final class RunFiles {
        final Path dir;
        final Map<String, Kept> kept = new HashMap<>();

        RunFiles(Path dir) {
            this.dir = dir;
        }

        long bytes() {
            return kept.values().stream().mapToLong(Kept::size).sum();
        }
    }

    /** A directory handed to a directory-maker: the sandbox makes it writable for the code under test. */
    @FunctionalInterface
    public interface DirectoryGrant {
        void made(Path dir) throws IOException;
    }

    /**
     * A fresh directory for one test run, {@code <base>/runs/<n>}, with the snapshot's files under
     * {@code work}; every directory made is passed to {@code grant}. The caller deletes it.
     */
    public Path create(Snapshot snapshot, boolean link, DirectoryGrant grant) throws IOException {
        Path root;
        synchronized (this) {
            root = base.resolve("runs").resolve(Long.toString(++sequence));
        }
        try {
            fill(root, snapshot, link, grant);
            return root;
        } catch (IOException | RuntimeException e) {
            LocalTestRunner.deleteQuietly(root);
            throw e;
        }
    }

    private void fill(Path root, Snapshot snapshot, boolean link, DirectoryGrant grant) throws IOException {
        Files.createDirectory(root);
        grant.made(root);
        Path work = Files.createDirectory(root.resolve("work"));
        grant.made(work);
        RunFiles files = files(snapshot.runId());
        Set<Path> made = new HashSet<>();
        made.add(work);
        // One run's files change only under its lock: a file is never deleted between its check and its link.
        synchronized (files) {
            if (files.kept.isEmpty()) {
                // Its directory may have been dropped (least recently used) since it was looked up.
                Files.createDirectories(files.dir);
            }
            Set<String> live = new HashSet<>();
            for (Snapshot.Entry entry : snapshot.entries()) {
                Path target = WorkspacePath.of(entry.path()).resolveIn(work);
                live.add(entry.path());
                Path kept = keep(files, entry);
                try {
                    makeParents(work, target.getParent(), made, grant);
                    if (link) {
                        Files.createLink(target, kept);
                    } else {
                        Files.copy(kept, target);
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                } catch (FileAlreadyExistsException | java.nio.file.NotDirectoryException e) {
                    throw notPlaceable(entry.path(), e);
                }
            }
            // Files no longer among the heads: their kept copies go (links made before stay valid).
            if (files.kept.size() > live.size()) {
                for (var it = files.kept.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!live.contains(e.getKey())) {
                        Files.deleteIfExists(e.getValue().file());
                        keptBytes.addAndGet(-e.getValue().size());
                        it.remove();
                    }
                }
            }
        }
    }

    private static ProblemException notPlaceable(String path, Exception e) {
        return new ProblemException(ProblemType.SNAPSHOT_NOT_WRITABLE, "cannot place "
                + path + " in the test snapshot (" + e.getClass().getSimpleName()
                + "); a path cannot be both a file and a directory");
    }

    private static void makeParents(Path work, Path dir, Set<Path> made, DirectoryGrant grant) throws IOException {
        if (made.contains(dir)) {
            return;
        }
        makeParents(work, dir.getParent(), made, grant);
        Files.createDirectory(dir);
        grant.made(dir);
        made.add(dir);
    }

    /** The kept file of {@code entry}, written now if this run has not kept that version yet. */
    private Path keep(RunFiles files, Snapshot.Entry entry) throws IOException {
        Kept before = files.kept.get(entry.path());
        if (before != null && before.key().equals(entry.key())) {
            return before.file();
        }
        // A name never used before: writing never changes a file that a tree links to.
        Path file = files.dir.resolve(Long.toString(names.incrementAndGet()));
        byte[] content = entry.content().get().getBytes(StandardCharsets.UTF_8);
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        if (before != null) {
            Files.deleteIfExists(before.file());
        }
        files.kept.put(entry.path(), new Kept(entry.key(), file, content.length));
        keptBytes.addAndGet(content.length - (before == null ? 0 : before.size()));
        return file;
    }

    private synchronized RunFiles files(String runId) throws IOException {
        RunFiles files = runs.get(runId);
        if (files == null) {
            files = new RunFiles(Files.createDirectories(base.resolve("files").resolve(Snapshot.sha256(runId))));
            runs.put(runId, files);
        }
        while (runs.size() > KEPT_RUNS || keptBytes.get() > KEPT_BYTES && runs.size() > 1) {
            var eldest = runs.entrySet().iterator().next();
            if (eldest.getValue() == files) {
                break;
            }
            runs.remove(eldest.getKey());
            // Trees made from its files keep their links; a later test run of it fetches them again.
            synchronized (eldest.getValue()) {
                LocalTestRunner.deleteQuietly(eldest.getValue().dir);
                keptBytes.addAndGet(-eldest.getValue().bytes());
                eldest.getValue().kept.clear();
            }
        }
        return files;
    }

    /** Deletes the base directory, if this made it. */
    @Override
    public synchronized void close() {
        if (ownsBase) {
            LocalTestRunner.deleteQuietly(base);
        }
        runs.clear();
    }
}
