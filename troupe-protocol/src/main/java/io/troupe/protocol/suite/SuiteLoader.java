package io.troupe.protocol.suite;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a suite laid out as {@code suite.yaml}, {@code tests/…} and
 * {@code solutions/<task-id>/<file>}, from any source of files (a directory, the classpath, an
 * archive), and validates it. Every problem found is reported, not only the first. A file named
 * by two tasks is a problem unless the manifest says {@code sharedFiles: true}; a suite with no
 * reference solution at all is valid (for real models), one with only some is not.
 */
public final class SuiteLoader {
    public static final String MANIFEST = "suite.yaml";
    /** Where a task's reference solution lies: {@code solutions/<task-id>/<file>}. */
    public static final String SOLUTIONS = "solutions/";

    /** Task ids name directories ({@code solutions/<id>/}) and database keys: no separators, at most 64. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SuiteLoader() {
    }

    public static Suite fromDirectory(Path dir) {
        return load(directoryFiles(dir));
    }

    public static Suite fromClasspath(String root) {
        return load(classpathFiles(root));
    }

    /** Reads the files below {@code dir}, by their paths relative to it; none outside it. */
    static Function<String, Optional<String>> directoryFiles(Path dir) {
        return relative -> {
            Path file = dir.resolve(relative).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Reads the classpath resources below {@code root}, by their paths relative to it. */
    static Function<String, Optional<String>> classpathFiles(String root) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return relative -> {
            try (var in = loader.getResourceAsStream(root + "/" + relative)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** @param files reads a file by its path relative to the suite's root; empty if absent */
    public static Suite load(Function<String, Optional<String>> files) {
        String text = files.apply(MANIFEST)
                .orElseThrow(() -> new InvalidSuiteException(List.of("no " + MANIFEST + " at the suite's root")));
        SuiteManifest manifest;
        try {
            manifest = YAML.readValue(text, SuiteManifest.class);
        } catch (IOException e) {
            throw new InvalidSuiteException(List.of(MANIFEST + " is not valid: " + e.getMessage()));
        }
        return load(manifest, files);
    }

    /**
     * Validates a suite whose manifest is given rather than read from {@code suite.yaml} (a level of a
     * project, composed by {@link SuiteVariants}), as {@link #load(Function)} does.
     *
     * @param files reads a test or solution file by its path relative to the suite's root; empty if absent
     */
    public static Suite load(SuiteManifest manifest, Function<String, Optional<String>> files) {
        List<String> problems = new ArrayList<>(checkManifest(manifest));
        // Cycles are looked for even in a manifest with other problems, among its well-formed tasks and
        // known dependencies; the DAG itself is only kept for a manifest without problems.
        Dag dag = null;
        try {
            Dag consistent = Dag.of(wellFormed(manifest.tasks()));
            dag = problems.isEmpty() ? consistent : null;
        } catch (InvalidSuiteException e) {
            problems.addAll(e.problems());
        }
        Map<String, String> tests = new LinkedHashMap<>();
        for (String test : manifest.tests()) {
            if (isSafePath(test) && !tests.containsKey(test)) {
                files.apply(test).ifPresentOrElse(t -> tests.put(test, t),
                        () -> problems.add("test file " + test + " of the suite is missing"));
            }
        }
        Map<String, Map<String, String>> solutions = new LinkedHashMap<>();
        List<String> missingSolutions = new ArrayList<>();
        for (TaskSpec task : manifest.tasks()) {
            if (task.id() == null || !SAFE_ID.matcher(task.id()).matches()) {
                continue;
            }
            for (String test : task.tests()) {
                if (!isSafePath(test) || tests.containsKey(test)) {
                    continue;
                }
                files.apply(test).ifPresentOrElse(t -> tests.put(test, t),
                        () -> problems.add("task " + task.id() + ": test file " + test + " is missing"));
            }
            Map<String, String> solution = new LinkedHashMap<>();
            for (String file : task.files()) {
                if (!isSafePath(file)) {
                    continue;
                }
                String path = SOLUTIONS + task.id() + "/" + file;
                files.apply(path).ifPresentOrElse(s -> solution.put(file, s), () -> missingSolutions.add(path));
            }
            solutions.put(task.id(), Map.copyOf(solution));
        }
        // A suite without any reference solution is one for real models only (simulated runs of it are
        // refused, naming what is missing); one with some but not all is a mistake, each gap a problem.
        boolean none = solutions.values().stream().allMatch(Map::isEmpty);
        if (!none) {
            missingSolutions.forEach(path -> problems.add("task " + path.substring(SOLUTIONS.length(),
                    path.indexOf('/', SOLUTIONS.length())) + ": reference solution " + path + " is missing"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSuiteException(problems);
        }
        return new Suite(manifest, dag, Map.copyOf(tests), Map.copyOf(solutions),
                none ? missingSolutions : List.of());
    }

    // The first task of each valid id, with dependencies only on such tasks.
    private static List<TaskSpec> wellFormed(List<TaskSpec> tasks) {
        Map<String, TaskSpec> byId = new LinkedHashMap<>();
        for (TaskSpec t : tasks) {
            if (t.id() != null && SAFE_ID.matcher(t.id()).matches()) {
                byId.putIfAbsent(t.id(), t);
            }
        }
        return byId.values().stream().map(t -> new TaskSpec(t.id(), t.title(), t.description(),
                t.dependencies().stream().filter(byId::containsKey).toList(), t.files(), t.tests())).toList();
    }

    static List<String> checkManifest(SuiteManifest m) {
        List<String> problems = new ArrayList<>();
        if (m.id() == null || !m.id().matches("[a-z0-9][a-z0-9-]{0,62}")) {
            problems.add("suite id '" + m.id() + "' must be 1-63 lowercase letters, digits or '-'");
        }
        if (m.testCommand() == null || m.testCommand().isBlank()) {
            problems.add("testCommand is missing");
        }
        if (m.tasks().isEmpty()) {
            problems.add("the suite has no tasks");
        }
        Set<String> ids = new HashSet<>();
        Map<String, String> owners = new HashMap<>();
        for (TaskSpec t : m.tasks()) {
            if (t.id() == null || t.id().isBlank()) {
                problems.add("a task has no id");
                continue;
            }
            if (!SAFE_ID.matcher(t.id()).matches()) {
                problems.add("task id '" + t.id() + "' must be 1-64 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit");
            }
            if (!ids.add(t.id())) {
                problems.add("duplicate task id " + t.id());
            }
            for (String path : t.tests()) {
                if (!isSafePath(path)) {
                    problems.add("task " + t.id() + ": test path '" + path + "' must be relative, without '..'");
                }
            }
            for (String file : t.files()) {
                if (!isSafePath(file)) {
                    problems.add("task " + t.id() + ": file path '" + file + "' must be relative, without '..'");
                    continue;
                }
                String owner = owners.putIfAbsent(file, t.id());
                if (owner != null && !m.sharedFiles()) {
                    problems.add("file " + file + " is owned by both " + owner + " and " + t.id());
                }
            }
        }
        for (String path : m.tests()) {
            if (!isSafePath(path)) {
                problems.add("test path '" + path + "' of the suite must be relative, without '..'");
            }
        }
        for (TaskSpec t : m.tasks()) {
            for (String dep : t.dependencies()) {
                if (!ids.contains(dep)) {
                    problems.add("task " + t.id() + " depends on unknown task " + dep);
                }
            }
        }
        return problems;
    }

    /** A relative path that stays inside the suite: no leading '/', no '..' or '.' segment, no backslash. */
    public static boolean isSafePath(String path) {
        if (path == null || path.isBlank() || path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
