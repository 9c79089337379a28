package io.troupe.metrics.log;

import io.troupe.protocol.events.TroupeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every distinct event of every run seen, in arrival order per run: what the event exports are
 * made of. In memory, like the run metrics: the topics are re-read after a restart.
 */
@ApplicationScoped
public class EventLog {
    private final Map<String, List<LoggedEvent>> byRun = new ConcurrentHashMap<>();

    /** Called once per distinct event (the metrics store has already dropped duplicates). */
    public void record(String id, String type, TroupeEvent event) {
        List<LoggedEvent> events = byRun.computeIfAbsent(event.runId(), r -> new ArrayList<>());
        synchronized (events) {
            events.add(new LoggedEvent(id, type, event));
        }
    }

    /** The run's events ordered by when they happened. */
    public List<LoggedEvent> of(String runId) {
        List<LoggedEvent> events = byRun.getOrDefault(runId, List.of());
        synchronized (events) {
            return events.stream().sorted(Comparator.comparing(e -> e.event().at())).toList();
        }
    }
}
