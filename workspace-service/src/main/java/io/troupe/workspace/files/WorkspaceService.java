package io.troupe.workspace.files;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.troupe.protocol.events.WorkspaceEvent;
import io.troupe.protocol.events.WorkspaceEvent.ConcurrentWrite;
import io.troupe.protocol.events.WorkspaceEvent.FileDeleted;
import io.troupe.protocol.events.WorkspaceEvent.FileOverwritten;
import io.troupe.protocol.events.WorkspaceEvent.FileWritten;
import io.troupe.protocol.events.WorkspaceEvent.WriteConflict;
import io.troupe.protocol.problem.ProblemType;
import io.troupe.support.problem.ProblemException;
import io.troupe.workspace.FileHead;
import io.troupe.workspace.FileVersion;
import io.troupe.workspace.Mode;
import io.troupe.workspace.Precondition;
import io.troupe.workspace.Spans;
import io.troupe.workspace.Workspace;
import io.troupe.workspace.WorkspacePath;
import io.troupe.workspace.config.WorkspaceConfig;
import io.troupe.workspace.events.WorkspaceEventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Creates workspaces and reads and writes their files; publishes what was written or refused. */
@ApplicationScoped
public class WorkspaceService {
    private static final Logger LOG = Logger.getLogger(WorkspaceService.class);
    private static final int MAX_ID_LENGTH = 128;

    private final FileStore store;
    private final WorkspaceEventPublisher events;
    private final WorkspaceConfig config;

    WorkspaceService(FileStore store, WorkspaceEventPublisher events, WorkspaceConfig config) {
        this.store = store;
        this.events = events;
        this.config = config;
    }

    /** What creating a workspace did. */
    public record Created(Workspace workspace, boolean created, List<FileHead> files) {
    }

    /** Creates the run's workspace with its seed files; an existing one is returned unchanged. */
    @WithSpan(Spans.CREATE)
    public Created create(@SpanAttribute(Spans.RUN_ID) String runId, String mode, String testCommand,
                          Map<String, String> files, @SpanAttribute(Spans.AGENT_ID) String author) {
        checkId("run id", runId);
        checkId("agent", author);
        Mode chosen = Mode.fromCode(mode == null ? Mode.OPTIMISTIC.code() : mode);
        String command = testCommand == null || testCommand.isBlank()
                ? config.workspace().defaultTestCommand() : testCommand.trim();
        if (command.length() > 2000) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "the test command has " + command.length()
                    + " characters; at most 2000 are allowed");
        }
        Map<WorkspacePath, String> seed = new LinkedHashMap<>();
        if (files != null && files.size() > config.workspace().maxFiles()) {
            throw tooManyFiles(runId, config.workspace().maxFiles());
        }
        if (files != null) {
            files.forEach((path, content) -> {
                WorkspacePath p = WorkspacePath.of(path);
                seed.put(p, checkSize(p, content == null ? "" : content));
            });
        }
        Workspace workspace = new Workspace(runId, chosen, command, author, Instant.now());
        List<WorkspaceEvent> seeded = seed.entrySet().stream().<WorkspaceEvent>map(f -> new FileWritten(runId, author,
                f.getKey().value(), 1, null, bytes(f.getValue()), workspace.createdAt())).toList();
        boolean created = store.create(workspace, seed, (c, w) -> {
            for (WorkspaceEvent e : seeded) {
                events.append(c, e);
            }
        });
        if (!created) {
            Workspace existing = store.workspace(runId).orElseThrow();
            return new Created(existing, false, store.heads(runId));
        }
        events.committed(seeded);
        LOG.infof("workspace created runId=%s mode=%s files=%d agentId=%s", runId, chosen.code(), seed.size(), author);
        return new Created(workspace, true, store.heads(runId));
    }

    public List<FileHead> list(String runId) {
        requireWorkspace(runId);
        return store.heads(runId);
    }

    /**
     * The head of {@code path}, or its version {@code version} if given; a deleted head (or the
     * tombstone version) is {@code 410 Gone}.
     */
    public FileVersion read(String runId, String path, Optional<Long> version) {
        WorkspacePath p = WorkspacePath.of(path);
        requireWorkspace(runId);
        FileVersion file = store.read(runId, p, version).orElseThrow(() -> new ProblemException(
                ProblemType.FILE_NOT_FOUND, version.map(v -> p + " has no version " + v + " in run " + runId
                                + "; GET /api/runs/" + runId
                                + "/files/" + p + "/versions lists its versions")
                        .orElse(p + " does not exist in run " + runId + "; list the files with GET /api/runs/"
                                + runId + "/files, or create it with PUT and If-None-Match: *")));
        if (file.deleted()) {
            throw new ProblemException(ProblemType.FILE_DELETED, p + " was deleted by " + file.author()
                    + " (version " + file.version() + "); its earlier versions are kept: GET /api/runs/" + runId
                    + "/files/" + p + "/versions. Create it again with If-None-Match: *",
                    extensions(null, file.version(), file.author()));
        }
        return file;
    }

    /** The content of every live file at its head version, by path: the run's result. */
    public Map<String, String> snapshot(String runId) {
        requireWorkspace(runId);
        return store.snapshot(runId);
    }

    /** How the run's writers got in each other's way: rewrites, conflicts, overwrites, concurrent writes. */
    public FileStore.Accounting accounting(String runId) {
        requireWorkspace(runId);
        return store.accounting(runId);
    }

    public List<FileVersion> history(String runId, String path) {
        WorkspacePath p = WorkspacePath.of(path);
        requireWorkspace(runId);
        List<FileVersion> versions = store.history(runId, p);
        if (versions.isEmpty()) {
            throw new ProblemException(ProblemType.FILE_NOT_FOUND, p + " does not exist in run " + runId);
        }
        return versions;
    }

    /** What an accepted write became. */
    public record Written(FileHead head, boolean created) {
    }

    /**
     * Writes {@code content} as the next version of {@code path} if {@code precondition} holds;
     * a refused conditional write is recorded, published and answered with 412.
     */
    @WithSpan(Spans.WRITE)
    public Written write(@SpanAttribute(Spans.RUN_ID) String runId, @SpanAttribute(Spans.PATH) String path,
                         Precondition precondition, @SpanAttribute(Spans.AGENT_ID) String author, String content) {
        return write(runId, path, precondition, author, content, Clock.systemUTC());
    }

    /** As above, on {@code clock} (a simulated run's own clock, as its agent sent it). */
    @WithSpan(Spans.WRITE)
    public Written write(@SpanAttribute(Spans.RUN_ID) String runId, @SpanAttribute(Spans.PATH) String path,
                         Precondition precondition, @SpanAttribute(Spans.AGENT_ID) String author, String content,
                         Clock clock) {
        WorkspacePath p = WorkspacePath.of(path);
        checkId("agent", author);
        checkSize(p, content);
        return apply(runId, p, precondition, author, content, clock);
    }

    /**
     * Deletes {@code path} if {@code precondition} holds: appends a tombstone version, keeping the
     * history. Needs {@code If-Match} like an update.
     */
    @WithSpan(Spans.WRITE)
    public Written delete(@SpanAttribute(Spans.RUN_ID) String runId, @SpanAttribute(Spans.PATH) String path,
                          Precondition precondition, @SpanAttribute(Spans.AGENT_ID) String author) {
        return delete(runId, path, precondition, author, Clock.systemUTC());
    }

    /** As above, on {@code clock}. */
    @WithSpan(Spans.WRITE)
    public Written delete(@SpanAttribute(Spans.RUN_ID) String runId, @SpanAttribute(Spans.PATH) String path,
                          Precondition precondition, @SpanAttribute(Spans.AGENT_ID) String author, Clock clock) {
        WorkspacePath p = WorkspacePath.of(path);
        checkId("agent", author);
        if (precondition instanceof Precondition.IfAbsent) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "If-None-Match: * cannot delete a file; send "
                    + "If-Match: \"<version>\" "
                    + "with the ETag you read");
        }
        return apply(runId, p, precondition, author, null, clock);
    }

    private Written apply(String runId, WorkspacePath p, Precondition precondition, String author, String content,
                          Clock clock) {
        var limits = new FileStore.Limits(config.workspace().concurrentWindow(), config.workspace().maxFiles());
        long size = content == null ? 0 : bytes(content);
        // The events are appended in the write's transaction (the last attempt's, if it was retried).
        List<WorkspaceEvent> announced = new ArrayList<>();
        FileStore.WriteResult result = store.write(runId, p, precondition, author, content, limits, clock,
                (c, decided) -> {
                    announced.clear();
                    for (WorkspaceEvent e : announcing(runId, p, author, content == null, size, decided)) {
                        events.append(c, e);
                        announced.add(e);
                    }
                }).orElseThrow(() -> unknownRun(runId));
        events.committed(announced);
        return switch (result.decision()) {
            case Precondition.Append append -> {
                LOG.infof("file %s runId=%s path=%s version=%d base=%s agentId=%s",
                        content == null ? "deleted" : "written", runId, p, append.version(), append.baseVersion(),
                        author);
                result.overwrite().ifPresent(o -> LOG.infof("file overwritten runId=%s path=%s version=%d "
                                + "overwrittenVersion=%d overwrittenAuthor=%s destroyedChars=%d agentId=%s", runId, p,
                        append.version(), o.overwrittenVersion(), o.overwrittenAuthor(), o.destroyedChars(), author));
                yield new Written(new FileHead(p.value(), append.version(), author, size), result.created());
            }
            case Precondition.Conflict conflict -> {
                LOG.infof("write conflict runId=%s path=%s base=%s head=%d headAuthor=%s agentId=%s", runId, p,
                        conflict.baseVersion(), conflict.headVersion(), conflict.headAuthor(), author);
                throw conflictProblem(p, precondition, conflict);
            }
            case Precondition.Required required -> throw new ProblemException(ProblemType.PRECONDITION_REQUIRED, p
                    + " exists (version " + required.headVersion() + " by "
                    + required.headAuthor() + "): to " + (content == null ? "delete" : "update")
                    + " it send If-Match: \"" + required.headVersion()
                    + "\" (the ETag you read); If-None-Match: * only creates new files",
                    extensions(null, required.headVersion(), required.headAuthor()));
            case Precondition.Missing missing -> throw new ProblemException(ProblemType.FILE_NOT_FOUND, p
                    + (missing.headVersion() == 0 ? " does not exist" : " is deleted already (version "
                    + missing.headVersion() + ")") + " in run " + runId + "; there is nothing to delete");
            case Precondition.TooManyFiles tooMany -> throw tooManyFiles(runId, tooMany.maxFiles());
        };
    }

    /** The events that announce what a write decided: none for a write refused without a record. */
    private static List<WorkspaceEvent> announcing(String runId, WorkspacePath p, String author, boolean delete,
                                                   long size, FileStore.WriteResult result) {
        return switch (result.decision()) {
            case Precondition.Append append -> {
                List<WorkspaceEvent> out = new ArrayList<>();
                out.add(delete
                        ? new FileDeleted(runId, author, p.value(), append.version(), append.baseVersion(), result.at())
                        : new FileWritten(runId, author, p.value(), append.version(), append.baseVersion(), size,
                        result.at()));
                result.concurrent().ifPresent(cw -> out.add(new ConcurrentWrite(runId, author, p.value(),
                        append.version(), cw.otherVersion(), cw.otherAgentId(), cw.gapMillis(), result.at())));
                result.overwrite().ifPresent(o -> out.add(new FileOverwritten(runId, author, p.value(),
                        append.version(), o.baseVersion(), o.overwrittenVersion(), o.overwrittenAuthor(),
                        o.destroyedChars(), result.at())));
                yield out;
            }
            case Precondition.Conflict conflict -> List.of(new WriteConflict(runId, author, p.value(),
                    conflict.baseVersion(), conflict.headVersion(), conflict.headAuthor(), result.at()));
            case Precondition.Required required -> List.of();
            case Precondition.Missing missing -> List.of();
            case Precondition.TooManyFiles tooMany -> List.of();
        };
    }

    private static ProblemException tooManyFiles(String runId, int max) {
        return new ProblemException(ProblemType.TOO_MANY_FILES, "run " + runId + " may have at most "
                + max + " files (troupe.workspace.max-files); delete files it no longer needs (DELETE with If-Match) "
                + "or write to an existing one");
    }

    public Workspace requireWorkspace(String runId) {
        return store.workspace(runId).orElseThrow(() -> unknownRun(runId));
    }

    private static ProblemException conflictProblem(WorkspacePath p, Precondition precondition,
                                                    Precondition.Conflict c) {
        String detail = switch (precondition) {
            case Precondition.IfAbsent a -> p + " already exists (version " + c.headVersion() + " by "
                    + c.headAuthor() + "): read it and update it with If-Match: \"" + c.headVersion() + "\"";
            case Precondition.IfMatch m when c.headVersion() == 0 -> p + " does not exist, so version "
                    + m.version() + " cannot be its head: create it with If-None-Match: *";
            case Precondition.IfExists e when c.headVersion() == 0 -> p + " does not exist: create it with "
                    + "If-None-Match: *";
            case Precondition.IfMatch m -> p + " is at version " + c.headVersion() + " (by " + c.headAuthor()
                    + "), not " + m.version() + ": read it again, merge your change and retry with If-Match: \""
                    + c.headVersion() + "\"";
            case Precondition.IfExists e -> changedMeanwhile(p, c);
            case Precondition.None n -> changedMeanwhile(p, c);
        };
        return new ProblemException(ProblemType.WRITE_CONFLICT, detail,
                extensions(c.baseVersion(), c.headVersion(), c.headAuthor()));
    }

    private static String changedMeanwhile(WorkspacePath p, Precondition.Conflict c) {
        return p + " changed while this write was being made (now version " + c.headVersion() + " by "
                + c.headAuthor() + "): read it again and retry with If-Match: \"" + c.headVersion() + "\"";
    }

    private static Map<String, Object> extensions(Long base, long headVersion, String headAuthor) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("headVersion", headVersion);
        members.put("headAuthor", headAuthor);
        members.put("baseVersion", base);
        return members;
    }

    private String checkSize(WorkspacePath path, String content) {
        long size = bytes(content);
        int limit = config.workspace().maxFileBytes();
        if (size > limit) {
            throw new ProblemException(ProblemType.FILE_TOO_LARGE, path + " has " + size
                    + " bytes; a workspace file may have at most " + limit
                    + " bytes (troupe.workspace.max-file-bytes)");
        }
        return content;
    }

    private static void checkId(String what, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH
                || value.chars().anyMatch(ch -> Character.isISOControl(ch) || Character.isWhitespace(ch))) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "the " + what + " must be 1 to " + MAX_ID_LENGTH
                    + " characters without spaces or control characters");
        }
    }

    private static ProblemException unknownRun(String runId) {
        return new ProblemException(ProblemType.RUN_NOT_FOUND, "run " + runId + " has no workspace; create it with "
                + "PUT /api/runs/"
                + runId);
    }

    private static long bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8).length;
    }
}
