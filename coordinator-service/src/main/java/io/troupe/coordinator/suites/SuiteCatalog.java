package io.troupe.coordinator.suites;

import io.quarkus.runtime.Startup;
import io.troupe.protocol.suite.Suite;
import io.troupe.protocol.suite.SuiteLoader;
import io.troupe.protocol.suite.TaskSpec;
import io.troupe.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in suites, loaded and validated at startup from the classpath ({@code suites/<id>/}). */
@Startup
@ApplicationScoped
public class SuiteCatalog {
    /** The suites shipped with the coordinator. */
    public static final List<String> BUILT_IN = List.of("tiny");

    private final Map<String, Suite> suites = new LinkedHashMap<>();

    public SuiteCatalog() {
        for (String id : BUILT_IN) {
            Suite suite = SuiteLoader.fromClasspath("suites/" + id);
            suites.put(suite.id(), suite);
        }
    }

    public List<Suite> all() {
        return List.copyOf(suites.values());
    }

    public Optional<Suite> find(String id) {
        return Optional.ofNullable(id).map(suites::get);
    }

    /** The suite, or a 404 problem listing the known ones. */
    public Suite get(String id) {
        return find(id).orElseThrow(() -> new ProblemException(404, "suite-not-found", "Suite not found",
                "there is no suite '" + id + "'; known suites: " + String.join(", ", suites.keySet()),
                Map.of("knownSuites", List.copyOf(suites.keySet()))));
    }

    /** A task of a suite, or a 404 problem listing the suite's tasks. */
    public static TaskSpec task(Suite suite, String taskId) {
        return suite.manifest().tasks().stream().filter(t -> t.id().equals(taskId)).findFirst()
                .orElseThrow(() -> new ProblemException(404, "task-not-found", "Task not found",
                        "suite '" + suite.id() + "' has no task '" + taskId + "'; its tasks: "
                                + String.join(", ", taskIds(suite)),
                        Map.of("knownTasks", taskIds(suite))));
    }

    private static List<String> taskIds(Suite suite) {
        return suite.manifest().tasks().stream().map(TaskSpec::id).toList();
    }
}
