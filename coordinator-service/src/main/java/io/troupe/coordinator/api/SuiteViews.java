package io.troupe.coordinator.api;

import io.troupe.coordinator.suites.SuiteCatalog;
import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.TaskSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of {@code /api/suites}. */
public final class SuiteViews {
    private SuiteViews() {
    }

    /**
     * One line of the suite list; {@code criticalPath} is its length in tasks, {@code makespanLowerBounds}
     * the shortest possible run in task-times for n = 1 .. the largest team.
     */
    public record Summary(String id, String title, String source, int tasks, int criticalPath,
                          double parallelFraction, Map<String, Integer> makespanLowerBounds) {
        static Summary of(SuiteCatalog.Entry e, int maxAgents) {
            Suite s = e.suite();
            return new Summary(s.id(), s.manifest().title(), e.source(), s.dag().size(),
                    s.dag().criticalPath().size(), s.dag().parallelFraction(), bounds(s, maxAgents));
        }
    }

    /**
     * The manifest plus the critical path (task ids), the parallel fraction and the makespan lower bounds;
     * {@code missingSolutions} names the reference solutions a simulated run would need, empty for a suite
     * that has them all.
     */
    public record Detail(String id, String title, String description, String language, String testCommand,
                         String repository, List<String> successCriteria, List<String> tests, boolean sharedFiles,
                         List<TaskSpec> tasks, List<String> criticalPath, double parallelFraction,
                         Map<String, Integer> makespanLowerBounds, boolean hasSolutions,
                         List<String> missingSolutions) {
        static Detail of(Suite s, int maxAgents) {
            var m = s.manifest();
            return new Detail(m.id(), m.title(), m.description(), m.language(), m.testCommand(), m.repository(),
                    m.successCriteria(), m.tests(), m.sharedFiles(), m.tasks(), s.dag().criticalPath(),
                    s.dag().parallelFraction(), bounds(s, maxAgents), s.hasSolutions(), s.missingSolutions());
        }
    }

    /** The suites made from a directory of task lists, one per list. */
    public record Imported(List<Detail> suites) {
    }

    /** A task's reference solution: path to content. */
    public record Solution(Map<String, String> files) {
    }

    private static Map<String, Integer> bounds(Suite s, int maxAgents) {
        Map<String, Integer> bounds = new LinkedHashMap<>();
        for (int n = 1; n <= maxAgents; n++) {
            bounds.put(Integer.toString(n), s.dag().makespanLowerBound(n));
        }
        return bounds;
    }
}
