package io.troupe.coordinator.api;

import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.TaskSpec;
import java.util.List;
import java.util.Map;

/** The JSON shapes of {@code /api/suites}. */
public final class SuiteViews {
    private SuiteViews() {
    }

    /** One line of the suite list; {@code criticalPath} is its length in tasks. */
    public record Summary(String id, String title, int tasks, int criticalPath, double parallelFraction) {
        static Summary of(Suite s) {
            return new Summary(s.id(), s.manifest().title(), s.dag().size(), s.dag().criticalPath().size(),
                    s.dag().parallelFraction());
        }
    }

    /** The manifest plus the critical path (task ids) and the parallel fraction. */
    public record Detail(String id, String title, String description, String language, String testCommand,
                         List<TaskSpec> tasks, List<String> criticalPath, double parallelFraction) {
        static Detail of(Suite s) {
            var m = s.manifest();
            return new Detail(m.id(), m.title(), m.description(), m.language(), m.testCommand(), m.tasks(),
                    s.dag().criticalPath(), s.dag().parallelFraction());
        }
    }

    /** A task's reference solution: path to content. */
    public record Solution(Map<String, String> files) {
    }
}
