package io.troupe.workspace.files;

import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.FileVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.transport.BundleWriter;
import org.jboss.logging.Logger;

/**
 * A run's history as a git repository: one commit per accepted version (a delete removes the
 * file), authored by the agent that wrote it ({@code <agent> <agent@troupe.invalid>}) at the
 * version's time, each commit's tree the run's files just after that version. Built in memory
 * and handed out as a git bundle, which {@code git clone run.bundle} reads.
 */
@ApplicationScoped
public class GitHistory {
    private static final Logger LOG = Logger.getLogger(GitHistory.class);
    public static final String EMAIL = "agent@troupe.invalid";
    public static final String BRANCH = Constants.R_HEADS + "main";

    private final FileStore store;
    private final WorkspaceService workspaces;

    GitHistory(FileStore store, WorkspaceService workspaces) {
        this.store = store;
        this.workspaces = workspaces;
    }

    /** The repository of one run, ready to be written as a bundle. */
    public record Bundle(Repository repository, ObjectId head, int commits) {
        /** Writes the bundle ({@code refs/heads/main} and {@code HEAD}) and releases the repository. */
        public void write(OutputStream out) throws IOException {
            try (repository) {
                BundleWriter writer = new BundleWriter(repository);
                writer.include(BRANCH, head);
                writer.include(Constants.HEAD, head);
                writer.writeBundle(NullProgressMonitor.INSTANCE, out);
            }
        }
    }

    private record Entry(FileVersion version, ObjectId blob) {
    }

    /**
     * Builds the run's repository. Commits follow each file's version order; across files they
     * follow the versions' times.
     */
    public Bundle bundle(String runId) {
        workspaces.requireWorkspace(runId);
        var repository = new InMemoryRepository(new DfsRepositoryDescription(runId));
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            Map<String, Deque<Entry>> byPath = new LinkedHashMap<>();
            store.eachVersion(runId, v -> byPath.computeIfAbsent(v.path(), p -> new ArrayDeque<>())
                    .add(new Entry(v.withoutContent(), v.deleted() ? null : blob(inserter, v.content()))));
            if (byPath.isEmpty()) {
                repository.close();
                throw new ProblemException(ProblemType.EMPTY_WORKSPACE, "run " + runId
                        + " has no file versions yet, and a git repository needs at least one commit; write a file "
                        + "first (PUT /api/runs/" + runId + "/files/{path})");
            }
            var next = new PriorityQueue<Deque<Entry>>(Comparator
                    .comparing((Deque<Entry> q) -> q.peek().version().createdAt())
                    .thenComparing(q -> q.peek().version().path()));
            next.addAll(byPath.values());
            Map<String, ObjectId> files = new TreeMap<>();
            ObjectId head = null;
            int commits = 0;
            while (!next.isEmpty()) {
                Deque<Entry> file = next.poll();
                Entry entry = file.poll();
                if (!file.isEmpty()) {
                    next.add(file);
                }
                FileVersion v = entry.version();
                if (entry.blob() == null) {
                    files.remove(v.path());
                } else {
                    files.put(v.path(), entry.blob());
                }
                var who = new PersonIdent(v.author(), EMAIL, v.createdAt(), ZoneOffset.UTC);
                var commit = new CommitBuilder();
                commit.setTreeId(tree(inserter, files));
                if (head != null) {
                    commit.setParentId(head);
                }
                commit.setAuthor(who);
                commit.setCommitter(who);
                commit.setMessage(message(v));
                head = inserter.insert(commit);
                commits++;
            }
            inserter.flush();
            LOG.infof("git history built runId=%s commits=%d files=%d", runId, commits, byPath.size());
            return new Bundle(repository, head, commits);
        } catch (IOException e) {
            repository.close();
            throw new UncheckedIOException("cannot build the git history of " + runId, e);
        }
    }

    static String message(FileVersion v) {
        String verb = v.deleted() ? "Delete" : v.version() == 1 || v.baseVersion() == null ? "Write" : "Update";
        String base = v.baseVersion() == null ? "" : ", based on " + v.baseVersion();
        return verb + " " + v.path() + " (version " + v.version() + base + ")\n\nTroupe-Path: " + v.path()
                + "\nTroupe-Version: " + v.version() + "\n";
    }

    private static ObjectId blob(ObjectInserter inserter, String content) {
        try {
            return inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the tree of {@code files} (path to blob) and its subtrees. Git wants a tree's
     * entries sorted by their UTF-8 bytes, a subtree's name as if it ended with '/'.
     */
    private static ObjectId tree(ObjectInserter inserter, Map<String, ObjectId> files) throws IOException {
        Map<String, Object> children = new LinkedHashMap<>();
        for (var file : files.entrySet()) {
            String path = file.getKey();
            int slash = path.indexOf('/');
            if (slash < 0) {
                children.put(path, file.getValue());
            } else {
                String dir = path.substring(0, slash) + "/";
                @SuppressWarnings("unchecked")
                var sub = (Map<String, ObjectId>) children.computeIfAbsent(dir, d -> new TreeMap<String, ObjectId>());
                sub.put(path.substring(slash + 1), file.getValue());
            }
        }
        List<String> names = children.keySet().stream()
                .sorted((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                        b.getBytes(StandardCharsets.UTF_8)))
                .toList();
        var formatter = new TreeFormatter();
        for (String name : names) {
            if (name.endsWith("/")) {
                @SuppressWarnings("unchecked")
                var sub = (Map<String, ObjectId>) children.get(name);
                formatter.append(name.substring(0, name.length() - 1), FileMode.TREE, tree(inserter, sub));
            } else {
                formatter.append(name, FileMode.REGULAR_FILE, (ObjectId) children.get(name));
            }
        }
        return inserter.insert(formatter);
    }
}
