package io.troupe.coordinator.suites;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.troupe.protocol.suite.SuiteLoader;
import io.troupe.protocol.suite.SuiteManifest;
import io.troupe.protocol.suite.TaskSpec;
import jakarta.validation.constraints.Size;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a task list in the format of the paper's public code ({@code project}, {@code description},
 * {@code tasks[id, title, description, dependencies, files]}) plus the user's tests and reference
 * solutions into the files of a suite, which is then validated like an uploaded one.
 */
public final class TaskListImport {
    public static final String DEFAULT_TEST_COMMAND = "python3 -m pytest -q";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private TaskListImport() {
    }

    /** The paper's task list; {@code repository} and {@code success_criteria} are told to every agent. */
    public record TaskList(String project, String description, List<Item> tasks, String repository,
                           @com.fasterxml.jackson.annotation.JsonProperty("success_criteria")
                           com.fasterxml.jackson.databind.JsonNode successCriteria) {

        public TaskList(String project, String description, List<Item> tasks) {
            this(project, description, tasks, null, null);
        }
    }

    /** One task of the list; {@code tests} is an extension (which test files check it). */
    public record Item(String id, String title, String description, List<String> dependencies, List<String> files,
                       List<String> tests) {
    }

    /**
     * The body of {@code POST /api/suites/import}.
     *
     * @param id          the suite's id; by default the project's name, lower-cased with '-' between words
     * @param testCommand the suite's test command; by default {@value #DEFAULT_TEST_COMMAND}
     * @param tests       test files, path (e.g. {@code tests/test_core.py}) to content
     * @param solutions   the reference solution of every task: task id to path to content
     */
    @io.troupe.support.json.RejectUnknownProperties
    public record Request(TaskList taskList, @Size(max = 64) String id, @Size(max = 200) String title,
                          @Size(max = 32) String language, @Size(max = 1000) String testCommand,
                          @Size(max = 1000) Map<String, String> tests,
                          @Size(max = 1000) Map<String, Map<String, String>> solutions) {
    }

    /**
     * The suite's files. A task without {@code tests} gets the test files named {@code test_<module>.py}
     * after its own files; test files no task names (a {@code conftest.py}, for instance) go to the first
     * task, so that they are part of the suite.
     */
    public static Map<String, String> files(Request request) {
        List<String> problems = new ArrayList<>();
        if (request == null || request.taskList() == null) {
            throw SuiteCatalog.invalid(List.of("'taskList' is missing: send {\"taskList\": {\"project\": ..., "
                    + "\"tasks\": [...]}, \"tests\": {path: content}, \"solutions\": {taskId: {path: content}}}"));
        }
        TaskList list = request.taskList();
        Map<String, String> tests = request.tests() == null ? Map.of() : request.tests();
        Map<String, Map<String, String>> solutions = request.solutions() == null ? Map.of() : request.solutions();
        String id = request.id() != null ? request.id() : slug(list.project());
        if (id == null || id.isEmpty()) {
            problems.add("the suite has no id: give 'id' or a 'taskList.project' name");
        }
        if (tests.isEmpty()) {
            problems.add("'tests' is empty: a suite needs the test files that check its tasks");
        }
        if (!problems.isEmpty()) {
            throw SuiteCatalog.invalid(problems);
        }
        List<Item> items = list.tasks() == null ? List.of() : list.tasks();
        Set<String> claimed = new LinkedHashSet<>();
        List<TaskSpec> specs = new ArrayList<>();
        for (Item item : items) {
            List<String> files = item.files() == null ? List.of() : item.files();
            List<String> own = item.tests() != null ? item.tests() : tests.keySet().stream()
                    .filter(t -> files.stream().anyMatch(f -> t.endsWith("/test_" + baseName(f))
                            || t.equals("test_" + baseName(f))))
                    .toList();
            claimed.addAll(own);
            specs.add(new TaskSpec(item.id(), item.title(), item.description(), item.dependencies(), files, own));
        }
        List<String> unclaimed = tests.keySet().stream().filter(t -> !claimed.contains(t)).sorted().toList();
        if (!specs.isEmpty() && !unclaimed.isEmpty()) {
            TaskSpec first = specs.getFirst();
            List<String> firstTests = new ArrayList<>(unclaimed);
            firstTests.addAll(first.tests());
            specs.set(0, new TaskSpec(first.id(), first.title(), first.description(), first.dependencies(),
                    first.files(), firstTests));
        }
        SuiteManifest manifest = new SuiteManifest(id, request.title() != null ? request.title() : list.project(),
                list.description(), request.language() != null ? request.language() : "python",
                request.testCommand() != null ? request.testCommand() : DEFAULT_TEST_COMMAND, specs,
                list.repository(), PaperTaskLists.criteria(list.successCriteria()), List.of(), false);

        Map<String, String> files = new LinkedHashMap<>();
        files.put(SuiteLoader.MANIFEST, yaml(manifest));
        files.putAll(tests);
        solutions.forEach((task, solution) -> {
            if (solution != null) {
                solution.forEach((path, content) -> files.put("solutions/" + task + "/" + path, content));
            }
        });
        return files;
    }

    /** The {@code suite.yaml} of {@code manifest}. */
    static String yaml(SuiteManifest manifest) {
        try {
            return YAML.writeValueAsString(manifest);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String slug(String project) {
        if (project == null) {
            return null;
        }
        String slug = project.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return slug.length() > 63 ? slug.substring(0, 63).replaceAll("-+$", "") : slug;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
