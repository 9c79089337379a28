package io.troupe.coordinator.events;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs one of whose events the broker did not acknowledge. The board's change that the event
 * announced is already stored, but what should have followed it may not have happened (a task back
 * to READY and never handed out again, its dependents never released): the lease sweeper resumes
 * these runs from the board until a resume goes through (see {@code RunRecovery#resume}).
 */
@ApplicationScoped
public class PublishFailures {
    private final Set<String> runs = ConcurrentHashMap.newKeySet();

    /** An event of {@code runId} was not published. */
    public void failed(String runId) {
        if (runId != null) {
            runs.add(runId);
        }
    }

    /** The runs to resume, forgotten here until one of their events fails again. */
    public List<String> drain() {
        List<String> drained = List.copyOf(runs);
        runs.removeAll(drained);
        return drained;
    }
}
