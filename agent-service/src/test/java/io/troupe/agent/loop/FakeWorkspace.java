package io.troupe.agent.loop;

import io.troupe.agent.clients.WorkspaceClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory workspace with the real one's write rules (a write must name the head it is based
 * on; creating needs the file to be absent). {@link #interfereBeforeWrites} makes another agent
 * write a path between an agent's read and its write, as a racing teammate would.
 */
final class FakeWorkspace implements WorkspaceClient {
    record Head(String content, long version, String author) {
    }

    record Write(String path, Long baseVersion, boolean accepted) {
    }

    final Map<String, Head> heads = new HashMap<>();
    final List<Write> writes = new ArrayList<>();
    final List<List<String>> testRuns = new ArrayList<>();
    private final Map<String, Integer> interferences = new HashMap<>();
    TestRunResult nextResult = new TestRunResult("tr-1", 2, 0, 0, 0, false, 10, "2 passed");

    /** The next {@code times} writes of {@code path} each find that another agent wrote it just before. */
    void interfereBeforeWrites(String path, int times) {
        interferences.put(path, times);
    }

    void put(String path, String content, String author) {
        Head head = heads.get(path);
        heads.put(path, new Head(content, head == null ? 1 : head.version() + 1, author));
    }

    @Override
    public Optional<FileHead> read(String runId, String path) {
        return Optional.ofNullable(heads.get(path)).map(h -> new FileHead(h.content(), h.version()));
    }

    @Override
    public WriteOutcome write(String runId, String path, String content, Long baseVersion, String agentId) {
        int left = interferences.getOrDefault(path, 0);
        if (left > 0) {
            interferences.put(path, left - 1);
            put(path, "# rival version\n", "agent-rival");
        }
        Head head = heads.get(path);
        Long headVersion = head == null ? null : head.version();
        if (!java.util.Objects.equals(baseVersion, headVersion)) {
            writes.add(new Write(path, baseVersion, false));
            return new WriteOutcome.Conflict(headVersion, head == null ? null : head.author());
        }
        writes.add(new Write(path, baseVersion, true));
        put(path, content, agentId);
        return new WriteOutcome.Written(heads.get(path).version());
    }

    @Override
    public TestRunResult runTests(String runId, List<String> paths, String agentId) {
        testRuns.add(List.copyOf(paths));
        return nextResult;
    }
}
