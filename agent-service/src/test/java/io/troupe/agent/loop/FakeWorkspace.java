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
    /** Marks content whose tests fail, as the simulated model's wrong code does. */
    static final String BROKEN = "simulated wrong code";

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
        return Optional.ofNullable(heads.get(path)).map(h -> new FileHead(h.content(), h.version(), h.author()));
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
    public List<FileInfo> list(String runId) {
        return heads.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new FileInfo(e.getKey(), e.getValue().version(), e.getValue().author(),
                        e.getValue().content().length()))
                .toList();
    }

    @Override
    public TestRunResult runTests(String runId, List<String> paths, String agentId) {
        testRuns.add(List.copyOf(paths));
        boolean broken = heads.values().stream().anyMatch(h -> h.content().contains(BROKEN));
        return broken
                ? new TestRunResult("tr-" + testRuns.size(), 1, 1, 0, 1, false, 10, "1 failed, 1 passed")
                : new TestRunResult("tr-" + testRuns.size(), 2, 0, 0, 0, false, 10, "2 passed");
    }
}
