package io.troupe.agent.clients;

import java.util.List;
import java.util.Optional;

/** What an agent does in a run's workspace. */
public interface WorkspaceClient {

    /** The head of {@code path}, or empty if the file does not exist. */
    Optional<FileHead> read(String runId, String path);

    /**
     * Writes {@code content} as the next version of {@code path} if its head is still
     * {@code baseVersion} ({@code null}: only if the file does not exist yet).
     */
    WriteOutcome write(String runId, String path, String content, Long baseVersion, String agentId);

    /** The live files' heads, without content. */
    List<FileInfo> list(String runId);

    /** Runs the tests at {@code paths} (all tests when empty) on a snapshot of the heads. */
    TestRunResult runTests(String runId, List<String> paths, String agentId);

    /** A file's head: its content, version and who wrote it. */
    record FileHead(String content, long version, String author) {
    }

    /** A file as the workspace lists it. */
    record FileInfo(String path, long version, String author, long size) {
    }

    /** The result of a conditional write. */
    sealed interface WriteOutcome {
        /** The write became version {@code version}. */
        record Written(long version) implements WriteOutcome {
        }

        /** Refused: the head moved on (or the file appeared) since it was read. */
        record Conflict(Long headVersion, String headAuthor) implements WriteOutcome {
        }
    }

    /** The outcome of one test run, as the workspace reports it. */
    record TestRunResult(String id, int passed, int failed, int errors, int exitCode, boolean timedOut,
                         long durationMillis, String output) {

        public boolean succeeded() {
            return failed + errors == 0 && exitCode == 0 && !timedOut;
        }
    }
}
